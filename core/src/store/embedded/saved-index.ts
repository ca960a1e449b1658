/**
 * The saved index: what the store keeps in memory about each sealed segment (record-index.ts),
 * written to disk when the segment is sealed, so an open reads one small file instead of parsing
 * every segment. `segment-index.jsonl` holds one line per segment, `<sha256 of the JSON> <JSON>\n`,
 * the JSON naming the segment it covers (log, sha256, count) and its records' fields as columns: a
 * run's or publication's id and, as an index into the line's few distinct `[scenario, version,
 * status]`, the rest; an audit entry's subject (and the segment's last entry, which the next write
 * chains to). Columns, not a row object per record: at 100,000 publications the file is read at
 * every open.
 *
 * Derived data, never trusted blindly: a line is used only when its checksum holds and it names a
 * segment db.json names, with db.json's count of rows. Any segment without such a line (a line
 * damaged, missing, or stale — left by another db.json, e.g. a restored backup) is read and indexed
 * from its own file at open, and a writer then rewrites the index whole. So a damaged or stale
 * index costs open time, never data. Records are always read from their segment, never from the
 * index, and a record found at an index position must carry the id it was looked up by; signatures
 * and the audit chain check the records themselves. `bund doctor` compares every line with its
 * segment.
 */
import { createHash } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { sha256 } from '../../kernel/index.js'
import type { AuditEntry, Publication, RunRecord } from '../../model/index.js'
import { writeFileAtomic } from '../atomic-write.js'
import { LOGS, type LogName, type SegmentRef } from './db-file.js'

export const INDEX_FILE = 'segment-index.jsonl'

/** One line of the saved index: a sealed segment's records, as columns. */
export interface IndexedSegment {
  log: LogName
  sha256: string
  count: number
  /** Runs and publications: their ids. Audit entries: their subjects. */
  ids: string[]
  /** Runs and publications: the distinct [scenario, version] (runs: [scenario, version, status]) … */
  kinds?: string[][]
  /** … and which one each record has. */
  kind?: number[]
  /** Audit segments: their last entry (the next write chains to it). */
  last?: AuditEntry
}

/** The index line of a segment's records. */
export function indexedSegment(log: LogName, ref: SegmentRef, records: readonly unknown[]): IndexedSegment {
  if (log === 'audit') {
    const audit = records as AuditEntry[]
    const last = audit.at(-1)
    return { log, ...ref, ids: audit.map((e) => e.subject), ...(last !== undefined ? { last } : {}) }
  }
  const kinds: string[][] = []
  const seen = new Map<string, number>()
  const kind = (records as RunRecord[]).map((r) => {
    const fields = log === 'runs' ? [r.scenario, r.version, r.status] : [r.scenario, r.version]
    const key = JSON.stringify(fields)
    let k = seen.get(key)
    if (k === undefined) {
      k = kinds.push(fields) - 1
      seen.set(key, k)
    }
    return k
  })
  return { log, ...ref, ids: (records as Array<RunRecord | Publication>).map((r) => r.id), kinds, kind }
}

function line(segment: IndexedSegment): string {
  const json = JSON.stringify(segment)
  return `${sha256(json)} ${json}\n`
}

/** What reading the saved index found, against db.json's segment lists. */
export interface SavedIndex {
  /** Per log, per segment of db.json (same order): its line, or undefined when the segment must be read. */
  covered: Record<LogName, Array<IndexedSegment | undefined>>
  /** Whether the file is exactly what db.json's segments need (else a writer rewrites it). */
  exact: boolean
  /** Why it is not (empty when exact): damaged lines, segments it does not cover, stale lines. */
  problems: string[]
}

/** Reads the saved index and matches its lines to db.json's segments; never throws on a bad file. */
export function readSavedIndex(dataDir: string, segments: Record<LogName, SegmentRef[]>): SavedIndex {
  const path = join(dataDir, INDEX_FILE)
  const covered: SavedIndex['covered'] = { runs: [], publications: [], audit: [] }
  const problems: string[] = []
  const total = LOGS.reduce((n, log) => n + segments[log].length, 0)
  let bytes = Buffer.alloc(0)
  try {
    if (existsSync(path)) bytes = readFileSync(path)
  } catch (e) {
    problems.push(`unreadable (${(e as Error).message})`)
  }
  if (bytes.length === 0 && total > 0 && problems.length === 0) problems.push(existsSync(path) ? 'empty' : 'missing')
  const bySha = new Map<string, IndexedSegment>()
  let damaged = 0
  let lines = 0
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(0x0a, start)
    const segment = end === -1 ? undefined : parseLine(bytes, start, end)
    start = end === -1 ? bytes.length : end + 1
    lines++
    if (segment === undefined) damaged++
    else bySha.set(`${segment.log}/${segment.sha256}`, segment)
  }
  if (damaged > 0) problems.push(`${damaged} damaged line(s)`)
  let used = 0
  let uncovered = 0
  for (const log of LOGS) {
    for (const ref of segments[log]) {
      const s = bySha.get(`${log}/${ref.sha256}`)
      const ok = s !== undefined && s.log === log && s.count === ref.count && s.ids.length === ref.count && (log === 'audit' ? ref.count === 0 || s.last !== undefined : s.kind?.length === ref.count)
      covered[log].push(ok ? s : undefined)
      if (ok) used++
      else uncovered++
    }
  }
  if (uncovered > 0 && !(problems.length === 1 && (problems[0] === 'missing' || problems[0] === 'empty'))) problems.push(`${uncovered} of ${total} segment(s) not covered (read from their files)`)
  const stale = lines - damaged - used
  if (stale > 0) problems.push(`${stale} stale line(s) for segments db.json does not name`)
  return { covered, exact: problems.length === 0, problems }
}

/** The line in bytes[start, end): its JSON when the checksum holds and the shape is right. */
function parseLine(bytes: Buffer, start: number, end: number): IndexedSegment | undefined {
  if (end - start < 66 || bytes[start + 64] !== 0x20) return undefined
  const json = bytes.subarray(start + 65, end)
  if (createHash('sha256').update(json).digest('hex') !== bytes.toString('latin1', start, start + 64)) return undefined
  try {
    const s = JSON.parse(json.toString('utf8')) as IndexedSegment
    return (LOGS as readonly string[]).includes(s.log) && typeof s.sha256 === 'string' && typeof s.count === 'number' && Array.isArray(s.ids) ? s : undefined
  } catch {
    return undefined
  }
}

/** Appends the lines of newly sealed segments (derived data: a torn append is found and repaired at the next open). */
export function appendToSavedIndex(dataDir: string, segments: readonly IndexedSegment[]): void {
  if (segments.length === 0) return
  const fd = openSync(join(dataDir, INDEX_FILE), 'a')
  try {
    writeSync(fd, segments.map(line).join(''))
  } finally {
    closeSync(fd)
  }
}

/** Replaces the saved index with exactly these segments' lines. */
export function rewriteSavedIndex(dataDir: string, segments: Iterable<IndexedSegment>): void {
  const parts: string[] = []
  for (const s of segments) parts.push(line(s))
  writeFileAtomic(join(dataDir, INDEX_FILE), parts.join(''))
}
