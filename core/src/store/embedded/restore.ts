/**
 * `bund doctor --restore`: puts the store back together without losing an acknowledged write. The
 * base is the live db.json when it still checks out, else the newest backup that does (a backup
 * is taken at every checkpoint, before the journal is emptied, so the journal always continues the
 * newest one). Every intact journal entry after the base is replayed; a damaged entry is salvaged
 * part by part when its audit entries still verify and chain (records are kept when the audit
 * chain's hash of them matches), so the entries after it replay too. Only bytes that cannot be
 * used are set aside, in a file beside the journal, and the report names each write recovered,
 * partly recovered, or not.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { BundError } from '../../kernel/index.js'
import { dataHash, entryHash } from '../audit-chain.js'
import { fsyncDir, writeFileAtomic } from '../atomic-write.js'
import { listBackups, rotateBackup } from './backups.js'
import { type DbFile, LOGS, checkDbFile, emptyDb } from './db-file.js'
import { repairSegment } from './segments.js'
import { inspectDb } from './doctor.js'
import { DurableJsonFile } from './durable-json-file.js'
import { JOURNAL_FILE, type JournalEntry, type SalvagedLine, applyEntry, salvageJournal } from './journal.js'
import { DataDirLock } from './lock.js'
import { publishedData } from '../audit-chain.js'
import type { AuditEntry, Publication, RunRecord } from '../../model/index.js'
import { keyHistory } from '../signing.js'

export interface RestoreReport {
  /** What the restored state starts from: `db.json` (still good) or a backup's path. */
  base: string
  takenAt: string
  /** The replaced db.json, kept beside it, when it was not the base. */
  keptAs: string | null
  /** Journal writes replayed whole, by sequence number. */
  replayed: number[]
  /** Damaged writes whose verifiable parts were kept, and what of them was lost. */
  partial: Array<{ seq: number; lost: string[] }>
  /** Writes that could not be recovered, each with why and what it did (from its audit entries, when readable). */
  notRecovered: Array<{ offset: number; seq?: number; reason: string; did: string[] }>
  /** The file holding the journal bytes that could not be used, if any. */
  setAside: string | null
  /** Segments put back from their copy in backups/segments/. */
  repairedSegments: string[]
  summary: string
}

/** Restores the store in `dataDirArg`; refuses while another process holds it, or when nothing is wrong. */
export function restoreStore(dataDirArg: string): RestoreReport {
  const dataDir = resolve(dataDirArg)
  const lock = DataDirLock.acquire(dataDir)
  try {
    const dbPath = join(dataDir, 'db.json')
    const journalPath = join(dataDir, JOURNAL_FILE)
    const keys = keyHistory(dataDir)
    const repairedSegments = repairSegments(dataDir, dbPath)
    if (inspectDb(dataDir, dbPath, keys, journalPath).ok && existsSync(dbPath)) {
      if (repairedSegments.length > 0) {
        return { base: dbPath, takenAt: new Date().toISOString(), keptAs: null, replayed: [], partial: [], notRecovered: [], setAside: null, repairedSegments, summary: 'the segments were put back; db.json and the journal were fine' }
      }
      throw new BundError('STATE_CONFLICT', `${dbPath} and its journal check out; there is nothing to restore`)
    }
    const base = chooseBase(dataDir, dbPath, keys)
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const data = base.data
    const replay = replayJournal(data, salvageJournal(journalPath))

    // The unusable bytes first, then the new db.json, then the old journal goes: a crash between
    // any two steps leaves a state a second restore finishes.
    let setAside: string | null = null
    if (replay.unusable.length > 0) {
      setAside = join(dataDir, `journal.set-aside-${stamp}.jsonl`)
      writeFileAtomic(setAside, Buffer.concat(replay.unusable))
    }
    let keptAs: string | null = null
    if (base.path !== dbPath && existsSync(dbPath)) {
      keptAs = `${dbPath}.broken-${stamp}`
      renameSync(dbPath, keptAs)
    }
    writeFileAtomic(dbPath, JSON.stringify(data))
    rmSync(journalPath, { force: true })
    fsyncDir(dataDir)
    rotateBackup(dataDir, readFileSync(dbPath))
    const checked = inspectDb(dataDir, dbPath, keys)
    const counts = checked.counts
    return {
      base: base.path,
      takenAt: base.takenAt,
      keptAs,
      replayed: replay.replayed,
      partial: replay.partial,
      notRecovered: replay.notRecovered,
      setAside,
      repairedSegments,
      summary: counts ? `${counts.runs} runs, ${counts.publications} publications, ${counts.audit} audit entries` : 'unreadable',
    }
  } finally {
    lock.release()
  }
}

/** Puts back every segment db.json or a backup names whose first copy is lost or damaged. */
function repairSegments(dataDir: string, dbPath: string): string[] {
  const repaired: string[] = []
  for (const path of [dbPath, ...listBackups(dataDir).map((b) => b.path)]) {
    let data: DbFile | null
    try {
      data = new DurableJsonFile<DbFile>(path, checkDbFile).readSync()
    } catch {
      continue
    }
    for (const log of LOGS) for (const ref of data?.segments[log] ?? []) if (repairSegment(dataDir, ref)) repaired.push(`${ref.sha256} (${ref.count} ${log})`)
  }
  return repaired
}

/** The live db.json if it still checks out on its own, else the newest backup that does. */
function chooseBase(dataDir: string, dbPath: string, keys: ReturnType<typeof keyHistory>): { path: string; takenAt: string; data: DbFile } {
  const read = (path: string) => new DurableJsonFile<DbFile>(path, checkDbFile).readSync()
  if (existsSync(dbPath) && inspectDb(dataDir, dbPath, keys).ok) {
    const data = read(dbPath)
    if (data !== null) return { path: dbPath, takenAt: new Date().toISOString(), data }
  }
  for (const b of listBackups(dataDir)) {
    if (!inspectDb(dataDir, b.path, keys).ok) continue
    const data = read(b.path)
    if (data !== null) return { path: b.path, takenAt: b.takenAt.toISOString(), data }
  }
  // With no usable base at all, the journal rebuilds everything if it starts at the first write
  // (as it does until the first checkpoint, when there is no db.json yet).
  if (!existsSync(dbPath) || firstJournalSeq(dataDir) === 1) return { path: '(empty store)', takenAt: new Date(0).toISOString(), data: emptyDb() }
  throw new BundError('STORE_INVALID', `no usable db.json or backup in ${dataDir}, and the journal does not start at the first write; nothing was changed`)
}

function firstJournalSeq(dataDir: string): number | undefined {
  const first = salvageJournal(join(dataDir, JOURNAL_FILE))[0]
  return first?.entry?.seq ?? first?.damaged?.seq
}

interface Replay {
  replayed: number[]
  partial: RestoreReport['partial']
  notRecovered: RestoreReport['notRecovered']
  unusable: Buffer[]
}

/** Applies every usable journal line after `data.journalSeq` to `data`, in order. */
function replayJournal(data: DbFile, lines: SalvagedLine[]): Replay {
  const out: Replay = { replayed: [], partial: [], notRecovered: [], unusable: [] }
  let blockedBy: string | undefined
  for (const line of lines) {
    const seq = line.entry?.seq ?? (typeof line.damaged?.seq === 'number' ? line.damaged.seq : undefined)
    if (seq !== undefined && seq <= data.journalSeq) continue // already in the base
    const did = describe(line.entry ?? line.damaged)
    const refuse = (reason: string) => {
      out.notRecovered.push({ offset: line.offset, ...(seq !== undefined ? { seq } : {}), reason, did })
      out.unusable.push(line.bytes)
    }
    if (line.torn) {
      // Cut short mid-append: the write was never acknowledged.
      refuse('an append cut short (never acknowledged)')
      continue
    }
    if (blockedBy !== undefined) {
      refuse(`it continues the audit chain from ${blockedBy}, which could not be recovered`)
      continue
    }
    if (seq !== data.journalSeq + 1) {
      blockedBy = seq === undefined ? `the damaged line at byte ${line.offset}` : `write ${data.journalSeq + 1}`
      refuse(seq === undefined ? 'damaged beyond reading' : `write ${data.journalSeq + 1} before it is missing`)
      continue
    }
    if (line.entry !== undefined && chains(data, line.entry.audit)) {
      applyEntry(data, line.entry)
      out.replayed.push(seq)
      continue
    }
    const salvaged = line.damaged === undefined ? undefined : salvage(data, line.damaged, seq)
    if (salvaged === undefined) {
      blockedBy = `write ${seq}`
      refuse(line.entry !== undefined ? 'its audit entries do not continue the chain' : 'damaged, and its audit entries do not verify')
      continue
    }
    applyEntry(data, salvaged.entry)
    out.partial.push({ seq, lost: salvaged.lost })
    out.unusable.push(line.bytes)
  }
  return out
}

/** Whether `audit` verifies entry by entry and continues the chain of `data`. */
function chains(data: DbFile, audit: unknown): audit is AuditEntry[] {
  if (!Array.isArray(audit)) return false
  let prev = data.auditHead
  for (const e of audit as AuditEntry[]) {
    if (e === null || typeof e !== 'object' || e.seq !== (prev?.seq ?? 0) + 1 || e.prevHash !== (prev?.hash ?? '0'.repeat(64)) || e.hash !== entryHash(e)) return false
    prev = { seq: e.seq, hash: e.hash }
  }
  return true
}

/**
 * The verifiable part of a damaged write: its audit entries (which must verify and chain), and the
 * records whose hash the audit chain recorded. Head changes (registry, tokens, amendments) cannot
 * be checked that way and are dropped, named in `lost`.
 */
function salvage(data: DbFile, damaged: Partial<JournalEntry>, seq: number): { entry: JournalEntry; lost: string[] } | undefined {
  if (!chains(data, damaged.audit)) return undefined
  const audit = damaged.audit
  const recorded = new Set(audit.map((e) => `${e.action} ${e.subject} ${e.dataHash}`))
  const lost: string[] = []
  const keep = <T extends { id: string }>(records: unknown, action: string, hashOf: (r: T) => unknown, what: string): T[] => {
    const kept: T[] = []
    for (const r of Array.isArray(records) ? (records as T[]) : []) {
      if (r !== null && typeof r === 'object' && recorded.has(`${action} ${r.id} ${dataHash(hashOf(r))}`)) kept.push(r)
      else lost.push(`${what} ${typeof r?.id === 'string' ? r.id : '(unreadable)'}`)
    }
    return kept
  }
  const runs = keep<RunRecord>(damaged.runs, 'run.finished', (r) => r, 'run')
  const publications = keep<Publication>(damaged.publications, 'publication.published', publishedData, 'publication')
  for (const part of Object.keys(damaged.head ?? {})) lost.push(`the change to ${part}`)
  return { entry: { seq, runs, publications, audit, head: {} }, lost }
}

/** What a write did, from its audit entries (`publication.published pub_…`). */
function describe(entry: Partial<JournalEntry> | undefined): string[] {
  if (!Array.isArray(entry?.audit)) return []
  return entry.audit.filter((e) => e !== null && typeof e === 'object').map((e) => `${String(e.action)} ${String(e.subject)}`)
}
