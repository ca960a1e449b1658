/**
 * The write-ahead journal: each write of the store is one line appended to `journal.jsonl` and
 * fdatasync'ed before it is acknowledged — one small sequential write, where rewriting db.json
 * would cost a whole file, a rename and two fsyncs. Now and then (and on close) the journal is
 * folded into db.json (a checkpoint) and emptied.
 *
 * A line is `<sha256 of the JSON> <JSON>\n`. A torn last line (the process died mid-append, so the
 * write was never acknowledged) is dropped; a bad line with good lines after it is corruption, and
 * the store refuses to open.
 */
import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { BundError, sha256 } from '../../kernel/index.js'
import { fsyncDir } from '../atomic-write.js'
import { DOCTOR_HINT, type DbFile } from './db-file.js'
import type { AuditEntry, Publication, RunRecord } from '../../model/index.js'

export const JOURNAL_FILE = 'journal.jsonl'

/** The parts of db.json a write may replace whole (they are small). */
export const HEAD_PARTS = ['scenarios', 'tokens', 'authorKeys', 'orgs', 'amendments', 'accepted'] as const
export type HeadPart = (typeof HEAD_PARTS)[number]

/** One write: its new records and the head parts it replaced. */
export interface JournalEntry {
  seq: number
  runs: RunRecord[]
  publications: Publication[]
  audit: AuditEntry[]
  head: Partial<Pick<DbFile, HeadPart>>
}

export interface JournalContents {
  entries: JournalEntry[]
  /** Length of the valid prefix; anything after it is a torn, unacknowledged append. */
  validBytes: number
  tornBytes: number
}

/** Reads the journal, keeping the entries after `afterSeq` (older ones are already in db.json). */
export function readJournal(path: string, afterSeq: number): JournalContents {
  if (!existsSync(path)) return { entries: [], validBytes: 0, tornBytes: 0 }
  const bytes = readFileSync(path)
  const entries: JournalEntry[] = []
  let offset = 0
  let expected = afterSeq + 1
  while (offset < bytes.length) {
    const end = bytes.indexOf(0x0a, offset)
    const line = bytes.subarray(offset, end === -1 ? bytes.length : end).toString('utf8')
    const entry = end === -1 ? undefined : parseLine(line)
    if (entry === undefined) {
      // Only the last line may be bad: a torn append. A bad line before good ones is corruption.
      const rest = end === -1 ? '' : bytes.subarray(end + 1).toString('utf8')
      if (rest.split('\n').some((l) => parseLine(l) !== undefined)) {
        throw new BundError('STORE_INVALID', `${path} is corrupt at byte ${offset} (a damaged entry with intact ones after it); it was left untouched.${DOCTOR_HINT}`)
      }
      return { entries, validBytes: offset, tornBytes: bytes.length - offset }
    }
    if (entry.seq > afterSeq) {
      if (entry.seq !== expected) throw new BundError('STORE_INVALID', `${path}: entry ${entry.seq} follows ${expected - 1}; entries are missing.${DOCTOR_HINT}`)
      entries.push(entry)
      expected++
    }
    offset = end + 1
  }
  return { entries, validBytes: offset, tornBytes: 0 }
}

/** One line of a journal as salvage sees it: intact, or damaged (with what still parses of it). */
export interface SalvagedLine {
  offset: number
  bytes: Buffer
  /** The entry, when the line's hash matches its JSON. */
  entry?: JournalEntry
  /** A damaged line whose JSON still parses: its parts may be checked one by one. */
  damaged?: Partial<JournalEntry>
  /** The last line, with no newline: an append cut short, never acknowledged. */
  torn?: boolean
}

/** Every line of a journal, intact or not, for `doctor --restore` (which keeps what it can). */
export function salvageJournal(path: string): SalvagedLine[] {
  if (!existsSync(path)) return []
  const bytes = readFileSync(path)
  const lines: SalvagedLine[] = []
  let offset = 0
  while (offset < bytes.length) {
    const end = bytes.indexOf(0x0a, offset)
    const raw = bytes.subarray(offset, end === -1 ? bytes.length : end + 1)
    const text = raw.toString('utf8').replace(/\n$/, '')
    const entry = end === -1 ? undefined : parseLine(text)
    const line: SalvagedLine = { offset, bytes: raw, ...(entry ? { entry } : {}), ...(end === -1 ? { torn: true } : {}) }
    if (entry === undefined) {
      try {
        const value = JSON.parse(text.slice(text.indexOf('{')))
        if (value !== null && typeof value === 'object') line.damaged = value as Partial<JournalEntry>
      } catch {}
    }
    lines.push(line)
    offset += raw.length
  }
  return lines
}

function parseLine(line: string): JournalEntry | undefined {
  const space = line.indexOf(' ')
  if (space !== 64) return undefined
  const json = line.slice(65)
  if (sha256(json) !== line.slice(0, 64)) return undefined
  try {
    const entry = JSON.parse(json) as JournalEntry
    return typeof entry.seq === 'number' && Array.isArray(entry.runs) && Array.isArray(entry.publications) && Array.isArray(entry.audit) ? entry : undefined
  } catch {
    return undefined
  }
}

/** Applies an entry to db.json's data (the newest records and the replaced head parts). */
export function applyEntry(data: DbFile, entry: JournalEntry): void {
  data.runs.push(...entry.runs)
  data.publications.push(...entry.publications)
  data.audit.push(...entry.audit)
  Object.assign(data, entry.head)
  const last = entry.audit.at(-1)
  if (last !== undefined) data.auditHead = { seq: last.seq, hash: last.hash }
  data.journalSeq = entry.seq
}

/** The open journal of a writable store. */
export class Journal {
  #fd: number
  #bytes: number

  /** Opens for appending, first cutting off a torn tail at `validBytes`. */
  constructor(readonly path: string, validBytes: number) {
    const existed = existsSync(path)
    this.#fd = openSync(path, existed ? 'r+' : 'w+')
    if (existed && fstatSync(this.#fd).size !== validBytes) {
      ftruncateSync(this.#fd, validBytes)
      fdatasyncSync(this.#fd)
    }
    if (!existed) fsyncDir(dirname(path))
    this.#bytes = validBytes
  }

  get bytes(): number {
    return this.#bytes
  }

  /** Appends one entry and makes it durable; only then may the write be acknowledged. */
  append(entry: JournalEntry): void {
    const json = JSON.stringify(entry)
    const line = Buffer.from(`${sha256(json)} ${json}\n`)
    let written = 0
    try {
      while (written < line.length) written += writeSync(this.#fd, line, written, line.length - written, this.#bytes + written)
      fdatasyncSync(this.#fd)
    } catch (e) {
      // Leave no partial line behind for the next append to be glued to.
      try {
        ftruncateSync(this.#fd, this.#bytes)
      } catch {}
      throw e
    }
    this.#bytes += line.length
  }

  /** Empties the journal once db.json holds everything in it. */
  reset(): void {
    ftruncateSync(this.#fd, 0)
    fdatasyncSync(this.#fd)
    this.#bytes = 0
  }

  close(): void {
    closeSync(this.#fd)
  }
}
