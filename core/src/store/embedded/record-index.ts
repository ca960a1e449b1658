/**
 * What the embedded store keeps in memory about its append-only logs: where each record is (a
 * sealed segment and its position there, or db.json's unsealed head) and the few fields listings
 * filter on, never the records themselves. A record is read when asked for: from db.json's head
 * (already in memory, bounded by the seal size) or from its segment file, the most recently used
 * segments kept parsed in a small LRU.
 */
import { LRUCache } from 'lru-cache'
import { type LogName, type SegmentRef } from './db-file.js'
import { readSegment } from './segments.js'

/** Where one record is: segment index in db.json's list for its log, or HEAD for db.json's own array. */
export const HEAD = -1

/** Parsed segments, the least recently used dropped first. */
export class SegmentCache {
  readonly #parsed: LRUCache<string, unknown[]>
  constructor(
    readonly dataDir: string,
    readonly capacity = 32,
  ) {
    this.#parsed = new LRUCache({ max: capacity })
  }

  read(log: LogName, ref: SegmentRef): unknown[] | undefined {
    const hit = this.#parsed.get(ref.sha256)
    if (hit !== undefined) return hit
    let records: unknown[]
    try {
      records = readSegment(this.dataDir, log, ref)
    } catch {
      // A segment lost with its copy: its records are missing (the store says so: missingSegments()).
      return undefined
    }
    this.#parsed.set(ref.sha256, records)
    return records
  }
}

/** The location of every record of one log, in log order (ordinals 0…count−1; missing segments' records are not counted). */
export class LogLocations {
  readonly #segment: number[] = []
  readonly #position: number[] = []

  get count(): number {
    return this.#segment.length
  }

  push(segment: number, position: number): number {
    this.#segment.push(segment)
    this.#position.push(position)
    return this.#segment.length - 1
  }

  /** The head's records (the last `headLength`) were sealed as segment `segment`, in the same order. */
  sealHead(segment: number, headLength: number): void {
    for (let i = this.#segment.length - headLength; i < this.#segment.length; i++) if (this.#segment[i] === HEAD) this.#segment[i] = segment
  }

  segmentOf(ordinal: number): number {
    return this.#segment[ordinal] as number
  }

  positionOf(ordinal: number): number {
    return this.#position[ordinal] as number
  }
}

/** One copy of each distinct string (scenario ids and versions repeat across 100,000s of records). */
export class Interned {
  readonly #strings = new Map<string, string>()
  of(value: string): string {
    const seen = this.#strings.get(value)
    if (seen !== undefined) return seen
    this.#strings.set(value, value)
    return value
  }
}

/**
 * Ids in log order, and id → ordinal built on first look-up (not at open: at 100,000 publications
 * the maps of every log were most of the open's time). A repeated id maps to its last ordinal.
 */
export class IdColumn {
  readonly #ids: string[] = []
  #ordinal: Map<string, number> | undefined

  /** The record at ordinal `i` (the log's next) has this id. */
  set(i: number, id: string): void {
    this.#ids[i] = id
    this.#ordinal?.set(id, i)
  }

  ordinalOf(id: string): number | undefined {
    if (this.#ordinal === undefined) {
      const ordinal = new Map<string, number>()
      this.#ids.forEach((v, i) => ordinal.set(v, i))
      this.#ordinal = ordinal
    }
    return this.#ordinal.get(id)
  }

  /** The last ordinal of each of these ids present (a scan: no map is built for a few amendments at open). */
  lastOrdinals(ids: Iterable<string>): Map<string, number> {
    const wanted = new Set(ids)
    const out = new Map<string, number>()
    if (this.#ordinal !== undefined) {
      for (const id of wanted) {
        const i = this.#ordinal.get(id)
        if (i !== undefined) out.set(id, i)
      }
      return out
    }
    for (let i = this.#ids.length - 1; i >= 0 && wanted.size > 0; i--) {
      const id = this.#ids[i] as string
      if (wanted.delete(id)) out.set(id, i)
    }
    return out
  }
}

/** Audit entries by subject: subjects in log order; the newest entry's ordinal per subject and each entry's previous one about the same subject (−1: none), built on first look-up. */
export class SubjectChains {
  readonly #subjects: string[] = []
  #newest: Map<string, number> | undefined
  readonly #previous: number[] = []

  push(subject: string, i: number): void {
    this.#subjects[i] = subject
    if (this.#newest !== undefined) this.#link(this.#newest, subject, i)
  }

  /** The ordinals of the entries about `subject`, newest first. */
  *of(subject: string): Generator<number> {
    if (this.#newest === undefined) {
      const newest = new Map<string, number>()
      this.#subjects.forEach((s, i) => this.#link(newest, s, i))
      this.#newest = newest
    }
    for (let i = this.#newest.get(subject) ?? -1; i >= 0; i = this.#previous[i] as number) yield i
  }

  #link(newest: Map<string, number>, subject: string, i: number): void {
    this.#previous[i] = newest.get(subject) ?? -1
    newest.set(subject, i)
  }
}
