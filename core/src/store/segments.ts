/**
 * Sealed segments: once db.json's newest records pass a size, they move into an immutable file
 * named by its sha256 (`segments/<sha256>.json`), and db.json keeps only the reference. Files are
 * never rewritten or deleted, so every db.json backup still finds the segments it names.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BundError } from '../errors.js'
import { sha256 } from '../hash.js'
import { fsyncDir, writeFileAtomic } from './atomic-write.js'
import { DOCTOR_HINT, type LogName, type SegmentRef, checkSegment } from './db-file.js'

export const SEGMENTS_DIR = 'segments'

export function segmentPath(dataDir: string, hash: string): string {
  return join(dataDir, SEGMENTS_DIR, `${hash}.json`)
}

/** Writes (durably) one log's records as a segment and returns its reference. */
export function writeSegment(dataDir: string, log: LogName, records: readonly unknown[]): SegmentRef {
  const text = JSON.stringify({ log, records })
  const hash = sha256(text)
  const dir = join(dataDir, SEGMENTS_DIR)
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true })
    fsyncDir(dataDir)
  }
  const path = segmentPath(dataDir, hash)
  if (!existsSync(path)) writeFileAtomic(path, text)
  return { sha256: hash, count: records.length }
}

/** Reads a segment; `verifyHash` also checks its bytes still hash to its name (doctor does; open does not). */
export function readSegment(dataDir: string, log: LogName, ref: SegmentRef, verifyHash = false): unknown[] {
  const path = segmentPath(dataDir, ref.sha256)
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
