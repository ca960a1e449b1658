/**
 * The saved index: what the store keeps in memory about each sealed segment (record-index.ts),
 * written to disk when the segment is sealed, so an open reads one small file instead of parsing
 * every segment. `segment-index.jsonl` holds one line per segment, `<sha256 of the JSON> <JSON>\n`,
 * the JSON naming the segment it covers (log, sha256, count) and one row per record: a run's id,
 * scenario, version and status; a publication's id, scenario and version; an audit entry's subject
 * (and the segment's last entry, which the next write chains to).
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
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { sha256 } from '../../kernel/index.js'
import type { AuditEntry, Publication, RunRecord } from '../../model/index.js'
import { writeFileAtomic } from '../atomic-write.js'
import { LOGS, type LogName, type SegmentRef } from './db-file.js'

export const INDEX_FILE = 'segment-index.jsonl'

/** One record as the index holds it. */
export type IndexRow = [id: string, scenario: string, version: string, status: RunRecord['status']] | [id: string, scenario: string, version: string] | string

/** One line of the saved index: a sealed segment's rows. */
export interface IndexedSegment {
  log: LogName
  sha256: string
  count: number
  rows: IndexRow[]
  /** Audit segments: their last entry (the next write chains to it). */
  last?: AuditEntry
}

/** The index rows of a segment's records. */
export function indexedSegment(log: LogName, ref: SegmentRef, records: readonly unknown[]): IndexedSegment {
  if (log === 'runs') return { log, ...ref, rows: (records as RunRecord[]).map((r) => [r.id, r.scenario, r.version, r.status]) }
  if (log === 'publications') return { log, ...ref, rows: (records as Publication[]).map((p) => [p.id, p.scenario, p.version]) }
  const audit = records as AuditEntry[]
  const last = audit.at(-1)
  return { log, ...ref, rows: audit.map((e) => e.subject), ...(last !== undefined ? { last } : {}) }
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
  let text = ''
  try {
    if (existsSync(path)) text = readFileSync(path, 'utf8')
  } catch (e) {
    problems.push(`unreadable (${(e as Error).message})`)
  }
  if (text === '' && total > 0 && problems.length === 0) problems.push(existsSync(path) ? 'empty' : 'missing')
  const bySha = new Map<string, IndexedSegment>()
  let damaged = 0
  let lines = 0
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start)
    const raw = text.slice(start, end === -1 ? text.length : end)
    start = end === -1 ? text.length : end + 1
    lines++
    const segment = end === -1 ? undefined : parseLine(raw)
    if (segment === undefined) damaged++
    else bySha.set(`${segment.log}/${segment.sha256}`, segment)
  }
  if (damaged > 0) problems.push(`${damaged} damaged line(s)`)
  let used = 0
  let uncovered = 0
  for (const log of LOGS) {
    for (const ref of segments[log]) {
      const s = bySha.get(`${log}/${ref.sha256}`)
      const ok = s !== undefined && s.count === ref.count && s.rows.length === ref.count && (log !== 'audit' || ref.count === 0 || s.last !== undefined)
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

function parseLine(raw: string): IndexedSegment | undefined {
  if (raw.charCodeAt(64) !== 0x20) return undefined
  const json = raw.slice(65)
  if (sha256(json) !== raw.slice(0, 64)) return undefined
  try {
    const s = JSON.parse(json) as IndexedSegment
    return (LOGS as readonly string[]).includes(s.log) && typeof s.sha256 === 'string' && typeof s.count === 'number' && Array.isArray(s.rows) ? s : undefined
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
