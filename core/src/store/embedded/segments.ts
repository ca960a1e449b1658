/**
 * Sealed segments: once db.json's newest records pass a size, they move into an immutable file
 * named by its sha256 (`segments/<sha256>.json`), and db.json keeps only the reference. Files are
 * never rewritten or deleted, so every db.json backup still finds the segments it names. Each is
 * written twice, the second copy in `backups/segments/`: a lost or damaged segment is read from the
 * copy (and `doctor --restore` puts it back); with both gone the store still opens without it
 * (see `loadSegments`), naming what is missing.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { BundError, sha256 } from '../../kernel/index.js'
import { fsyncDir, writeFileAtomic } from '../atomic-write.js'
import { DOCTOR_HINT, type LogName, type SegmentRef, checkSegment } from './db-file.js'

export const SEGMENTS_DIR = 'segments'

export const SEGMENT_COPIES_DIR = join('backups', 'segments')

export function segmentPath(dataDir: string, hash: string, copy = false): string {
  return join(dataDir, copy ? SEGMENT_COPIES_DIR : SEGMENTS_DIR, `${hash}.json`)
}

/** Writes (durably) one log's records as a segment and returns its reference. */
export function writeSegment(dataDir: string, log: LogName, records: readonly unknown[]): SegmentRef {
  const text = JSON.stringify({ log, records })
  const hash = sha256(text)
  for (const copy of [false, true]) {
    const path = segmentPath(dataDir, hash, copy)
    if (!existsSync(dirname(path))) {
      mkdirSync(dirname(path), { recursive: true })
      fsyncDir(dirname(dirname(path)))
    }
    if (!existsSync(path)) writeFileAtomic(path, text)
  }
  return { sha256: hash, count: records.length }
}

/** The sha256 of every segment with a file in segments/ or backups/segments/ (one listing of each folder, not one look-up per segment). */
export function segmentFiles(dataDir: string): Set<string> {
  const out = new Set<string>()
  for (const copy of [false, true]) {
    const folder = join(dataDir, copy ? SEGMENT_COPIES_DIR : SEGMENTS_DIR)
    if (!existsSync(folder)) continue
    for (const name of readdirSync(folder)) if (name.endsWith('.json')) out.add(name.slice(0, -'.json'.length))
  }
  return out
}

/** A segment that could not be read from either copy. */
export interface MissingSegment {
  log: LogName
  sha256: string
  count: number
  reason: string
}

/** Every readable segment's records, per log; the ones neither copy of which is usable are listed, not fatal. */
export function loadSegments(dataDir: string, segments: Record<LogName, SegmentRef[]>, logs: readonly LogName[]): { records: Record<LogName, unknown[]>; missing: MissingSegment[] } {
  const records: Record<LogName, unknown[]> = { runs: [], publications: [], audit: [] }
  const missing: MissingSegment[] = []
  for (const log of logs) {
    for (const ref of segments[log]) {
      try {
        records[log].push(...readSegment(dataDir, log, ref))
      } catch (e) {
        missing.push({ log, sha256: ref.sha256, count: ref.count, reason: (e as Error).message })
      }
    }
  }
  return { records, missing }
}

/** Reads a segment; `verifyHash` also checks its bytes still hash to its name (doctor does; open does not). */
export function readSegment(dataDir: string, log: LogName, ref: SegmentRef, verifyHash = false): unknown[] {
  return readSegmentCopy(dataDir, log, ref, verifyHash).records
}

/** readSegment, saying whether the first copy was unusable and the one in backups/segments/ was read instead. */
export function readSegmentCopy(dataDir: string, log: LogName, ref: SegmentRef, verifyHash = false): { records: unknown[]; copyUsed: boolean } {
  try {
    return { records: readOneCopy(dataDir, log, ref, verifyHash, false), copyUsed: false }
  } catch (e) {
    // The second copy must hash to the name: it is read only when the first is in doubt.
    if (!existsSync(segmentPath(dataDir, ref.sha256, true))) throw e
    try {
      return { records: readOneCopy(dataDir, log, ref, true, true), copyUsed: true }
    } catch {
      throw e
    }
  }
}

/** Puts back a segment whose first copy is lost or damaged, from its second copy; true when it did. */
export function repairSegment(dataDir: string, ref: SegmentRef): boolean {
  const copy = segmentPath(dataDir, ref.sha256, true)
  const path = segmentPath(dataDir, ref.sha256)
  if (existsSync(path) && sha256(readFileSync(path, 'utf8')) === ref.sha256) return false
  if (!existsSync(copy)) return false
  const text = readFileSync(copy, 'utf8')
  if (sha256(text) !== ref.sha256) return false
  mkdirSync(dirname(path), { recursive: true })
  writeFileAtomic(path, text)
  return true
}

function readOneCopy(dataDir: string, log: LogName, ref: SegmentRef, verifyHash: boolean, copy: boolean): unknown[] {
  const path = segmentPath(dataDir, ref.sha256, copy)
  if (!existsSync(path)) throw new BundError('STORE_INVALID', `${path} (${ref.count} ${log}) named by db.json is missing.${DOCTOR_HINT}`)
  const text = readFileSync(path, 'utf8')
  if (verifyHash && sha256(text) !== ref.sha256) throw new BundError('STORE_INVALID', `${path} (${log}) was changed after it was sealed: its bytes no longer hash to its name`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new BundError('STORE_INVALID', `${path} (${log}) is corrupt or truncated (${(e as Error).message}).${DOCTOR_HINT}`)
  }
  const records = checkSegment(value, log, path)
  if (records.length !== ref.count) throw new BundError('STORE_INVALID', `${path} holds ${records.length} ${log}, db.json says ${ref.count}.${DOCTOR_HINT}`)
  return records
}
