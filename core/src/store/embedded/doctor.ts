/**
 * `bund doctor`: explains what is wrong with a data directory without changing it, and restores
 * db.json from the newest backup that checks out completely (the broken file is kept, renamed).
 */
import { existsSync, renameSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads'
import { BundError, sha256 } from '../../kernel/index.js'
import { ArtifactStore } from '../artifacts.js'
import { GENESIS_HASH, checkLinks, verifyChain, verifyChainInBatches } from '../audit-chain.js'
import { listBackups } from './backups.js'
import { type DbFile, LOGS, type LogName, type SegmentRef, checkDbFile, emptyDb } from './db-file.js'
import { INDEX_FILE, indexedSegment, readSavedIndex } from './saved-index.js'
import { DurableJsonFile } from './durable-json-file.js'
import { writeFileAtomic } from '../atomic-write.js'
import { JOURNAL_FILE, applyEntry, readJournal } from './journal.js'
import { DataDirLock } from './lock.js'
import type { AuditEntry, AuditVerification, Publication } from '../../model/index.js'
import { readSegment, readSegmentCopy } from './segments.js'
import { secretMissing } from '../secret-file.js'
import { describeInstanceId } from '../instance-id.js'
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, type PublicKeyEntry, SIGNING_KEY, checkSignature, keyHistory, loadSigningKey } from '../signing.js'

export interface Finding {
  level: 'ok' | 'warn' | 'error'
  message: string
}

export interface DbInspection {
  ok: boolean
  findings: Finding[]
  counts?: { runs: number; publications: number; audit: number }
  /** The db.json inspected (with the journal replayed, for the live one). */
  data?: DbFile
}

export interface Diagnosis {
  dataDir: string
  ok: boolean
  findings: Finding[]
  backups: Array<{ path: string; takenAt: string; ok: boolean; summary: string }>
}

/**
 * What doctor learns from one sealed segment, worked out once per run: the live db.json and every
 * backup name mostly the same (immutable, content-addressed) segments, so each is read, hashed and
 * checked once, not once per db.json that names it.
 */
interface SegmentCheck {
  /** Neither copy is usable (its records are missing). */
  error?: string
  /** The first copy is lost or damaged; the copy in backups/segments/ was read. */
  copyUsed: boolean
  count: number
  /** Audit segments: their ends, and whether the entries chain among themselves. */
  first?: { seq: number; prevHash: string }
  last?: { seq: number; hash: string }
  chainsWithin?: boolean
  /** Publication segments: the ids whose signature does not verify, and the artifacts they name. */
  badSignatures?: string[]
  artifacts?: Array<[output: string, bundle: string, id: string]>
  /** sha256 of the saved index's line for this segment, as it should read (saved-index.ts). */
  indexDigest: string
}

/** What a doctor worker thread is given (doctor-worker.ts). */
export interface DoctorWorkerData {
  dataDir: string
  keys: Array<{ keyId: string; publicKey: string }>
  tasks: Array<{ log: LogName; ref: SegmentRef }>
  /** Int32 [next task to claim, workers ended, tasks checked by workers]. */
  counters: SharedArrayBuffer
}

/** How many threads doctor checks segments on: BUND_DOCTOR_THREADS, else every core (at most 8). */
export function doctorThreads(): number {
  const asked = Number(process.env.BUND_DOCTOR_THREADS)
  return Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 64) : Math.min(availableParallelism(), 8)
}

/** Segment checks of one doctor run, by log and sha256. */
export class SegmentChecks {
  readonly #done = new Map<string, SegmentCheck>()
  readonly #keys: Map<string, string>

  constructor(
    readonly dataDir: string,
    keys: Array<Pick<PublicKeyEntry, 'keyId' | 'publicKey'>> | undefined,
  ) {
    this.#keys = new Map((keys ?? []).map((k) => [k.keyId, k.publicKey]))
  }

  get hasKeys(): boolean {
    return this.#keys.size > 0
  }

  signatureFails(p: Publication): boolean {
    const pem = this.#keys.get(p.keyId)
    return pem === undefined || !checkSignature(p, pem).ok
  }

  of(log: LogName, ref: SegmentRef): SegmentCheck {
    const key = `${log}/${ref.sha256}/${ref.count}`
    let check = this.#done.get(key)
    if (check === undefined) {
      check = this.#check(log, ref)
      this.#done.set(key, check)
    }
    return check
  }

  /**
   * Checks these segments on `threads` threads (this one and worker threads) before they are asked
   * for, so `of` then finds them done. The same checks, only sooner: findings and their order do not
   * depend on it, and a segment a worker did not check (one that failed) is checked here on demand.
   */
  prepare(segments: Array<{ log: LogName; ref: SegmentRef }>, threads: number): void {
    const tasks = [...new Map(segments.map((s) => [`${s.log}/${s.ref.sha256}/${s.ref.count}`, s])).entries()].filter(([key]) => !this.#done.has(key))
    const workers = Math.min(threads - 1, Math.floor(tasks.length / 8))
    if (workers < 1) return
    // [0]: the next task to claim; [1]: how many workers have ended; [2]: tasks the workers have checked.
    const counters = new SharedArrayBuffer(12)
    const claimed = new Int32Array(counters)
    const ports = Array.from({ length: workers }, () => {
      const { port1, port2 } = new MessageChannel()
      const data: DoctorWorkerData & { port: typeof port2 } = { dataDir: this.dataDir, keys: [...this.#keys].map(([keyId, publicKey]) => ({ keyId, publicKey })), tasks: tasks.map(([, t]) => t), counters, port: port2 }
      new Worker(new URL('./doctor-worker.js', import.meta.url), { workerData: data, transferList: [port2] }).unref()
      return port1
    })
    let mine = 0
    for (let i = Atomics.add(claimed, 0, 1); i < tasks.length; i = Atomics.add(claimed, 0, 1), mine++) {
      const [key, task] = tasks[i] as [string, { log: LogName; ref: SegmentRef }]
      this.#done.set(key, this.#check(task.log, task.ref))
    }
    // Wait for the workers' claimed tasks; stop early if they all ended (a failed one) or, as a last
    // resort, nothing progressed for a minute (a worker that never started): `of` checks the rest.
    for (let last = -1, since = Date.now(); ; ) {
      const done = Atomics.load(claimed, 2)
      if (done + mine >= tasks.length || Atomics.load(claimed, 1) >= workers) break
      if (done !== last) [last, since] = [done, Date.now()]
      else if (Date.now() - since > 60_000) break
      Atomics.wait(claimed, 2, done, 1000)
    }
    for (const port of ports) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const [i, check] = m.message as [number, SegmentCheck]
        const key = tasks[i]?.[0]
        if (key !== undefined) this.#done.set(key, check)
      }
      port.close()
    }
  }

  #check(log: LogName, ref: SegmentRef): SegmentCheck {
    let records: unknown[]
    let copyUsed: boolean
    try {
      ;({ records, copyUsed } = readSegmentCopy(this.dataDir, log, ref, true))
    } catch (e) {
      return { error: (e as Error).message, copyUsed: true, count: ref.count, indexDigest: '' }
    }
    const check: SegmentCheck = { copyUsed, count: records.length, indexDigest: sha256(JSON.stringify(indexedSegment(log, ref, records))) }
    if (log === 'audit') {
      const entries = records as AuditEntry[]
      const [first, last] = [entries[0], entries.at(-1)]
      if (first !== undefined && last !== undefined) {
        check.first = { seq: first.seq, prevHash: first.prevHash }
        check.last = { seq: last.seq, hash: last.hash }
        check.chainsWithin = checkLinks(entries, { seq: first.seq - 1, hash: first.prevHash }) === undefined
      }
    } else if (log === 'publications') {
      const publications = records as Publication[]
      check.badSignatures = this.hasKeys ? publications.filter((p) => this.signatureFails(p)).map((p) => p.id) : []
      check.artifacts = publications.map((p) => [p.outputHash, p.bundleSha256, p.id])
    }
    return check
  }
}

/**
 * Loads one db.json (the live one, with the journal replayed, or a backup) with its segments and
 * checks everything it names. `checks` carries what was learnt of segments already checked.
 */
export function inspectDb(dataDir: string, dbPath: string, keys?: PublicKeyEntry[], journalPath?: string, checks = new SegmentChecks(dataDir, keys)): DbInspection {
  const findings: Finding[] = []
  let data: DbFile | null
  try {
    data = new DurableJsonFile<DbFile>(dbPath, checkDbFile).readSync()
    if (journalPath !== undefined) {
      const journal = readJournal(journalPath, data?.journalSeq ?? 0)
      if (journal.entries.length > 0 || journal.tornBytes > 0) {
        data ??= emptyDb()
        for (const entry of journal.entries) applyEntry(data, entry)
        const torn = journal.tornBytes > 0 ? `; a torn last append of ${journal.tornBytes} bytes (never acknowledged) is dropped at the next start` : ''
        findings.push({ level: journal.tornBytes > 0 ? 'warn' : 'ok', message: `journal: ${journal.entries.length} write(s) not yet folded into db.json${torn}` })
      }
    }
  } catch (e) {
    return { ok: false, findings: [{ level: 'error', message: (e as Error).message }] }
  }
  if (data === null) return { ok: true, findings: [{ level: 'ok', message: `${dbPath} does not exist yet: the store is empty` }] }
  const counts = { runs: data.runs.length, publications: data.publications.length, audit: data.audit.length }
  for (const log of LOGS) {
    for (const ref of data.segments[log]) {
      const c = checks.of(log, ref)
      if (c.error !== undefined) {
        findings.push({ level: 'error', message: `${c.error} Its ${ref.count} ${log} are missing (the store opens without them); no intact copy is left in backups/segments/ — put one back from a backup of the data directory.` })
        continue
      }
      counts[log] += c.count
      if (c.copyUsed) findings.push({ level: 'warn', message: `segment ${ref.sha256.slice(0, 16)}… (${ref.count} ${log}) is lost or damaged; its copy in backups/segments/ is read instead, and \`bund doctor --restore\` puts it back` })
    }
  }
  const chain = verifyChainOf(dataDir, data, checks)
  findings.push(
    chain.ok
      ? { level: 'ok', message: `audit chain verifies (${chain.entries} entries)` }
      : { level: 'error', message: `audit chain is broken at entry #${chain.broken?.seq}: ${chain.broken?.reason}` },
  )
  if (checks.hasKeys) {
    const bad: string[] = []
    for (const ref of data.segments.publications) bad.push(...(checks.of('publications', ref).badSignatures ?? []))
    for (const p of data.publications) if (checks.signatureFails(p)) bad.push(p.id)
    findings.push(
      bad.length === 0
        ? { level: 'ok', message: `all ${counts.publications} publication signatures verify` }
        : { level: 'error', message: `${bad.length} publication(s) fail their signature check: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}` },
    )
  }
  const ok = findings.every((f) => f.level !== 'error')
  return { ok, findings, counts, data }
}

/**
 * The chain of one db.json: segment by segment from what `checks` knows of each (their ends must
 * meet, each chains within), then db.json's own entries. Anything amiss is recomputed entry by
 * entry over everything readable, as before, so the finding names the exact entry.
 */
function verifyChainOf(dataDir: string, data: DbFile, checks: SegmentChecks): AuditVerification {
  let prev = { seq: 0, hash: GENESIS_HASH }
  let total = 0
  let fast = true
  for (const ref of data.segments.audit) {
    const c = checks.of('audit', ref)
    if (c.error !== undefined || c.first === undefined || c.last === undefined || !c.chainsWithin || c.first.seq !== prev.seq + 1 || c.first.prevHash !== prev.hash) {
      fast = false
      break
    }
    prev = c.last
    total += c.count
  }
  if (fast) {
    const result = verifyChainInBatches([data.audit], data.auditHead, total + data.audit.length, prev)
    if (result.ok) return result
  }
  return verifyChain(recordsOf(dataDir, data, 'audit') as AuditEntry[], data.auditHead)
}

/** One log's records, oldest first, skipping segments that cannot be read (reported elsewhere). */
function recordsOf(dataDir: string, data: DbFile, log: LogName): unknown[] {
  const out: unknown[] = []
  for (const ref of data.segments[log]) {
    try {
      out.push(...readSegment(dataDir, log, ref))
    } catch {}
  }
  out.push(...data[log])
  return out
}

/** The saved index (segment-index.jsonl) against the segments it covers: damaged, stale or wrong lines are named. */
function checkSavedIndex(dataDir: string, data: DbFile, checks: SegmentChecks): Finding[] {
  const saved = readSavedIndex(dataDir, data.segments)
  const findings: Finding[] = []
  const total = LOGS.reduce((n, log) => n + data.segments[log].length, 0)
  const wrong: string[] = []
  for (const log of LOGS) {
    data.segments[log].forEach((ref, k) => {
      const line = saved.covered[log][k]
      const c = checks.of(log, ref)
      if (line !== undefined && c.error === undefined && sha256(JSON.stringify(line)) !== c.indexDigest) wrong.push(`${ref.sha256.slice(0, 16)}… (${log})`)
    })
  }
  if (!saved.exact) {
    findings.push({ level: 'warn', message: `saved index ${INDEX_FILE}: ${saved.problems.join('; ')} — every open reads the segments it does not cover (slower; nothing is lost) until the next start rewrites it` })
  }
  if (wrong.length > 0) {
    findings.push({ level: 'error', message: `saved index ${INDEX_FILE} disagrees with ${wrong.length} segment(s) (${wrong.slice(0, 3).join(', ')}${wrong.length > 3 ? ', …' : ''}): an open would place their records wrongly. Remove the file; the next start rebuilds it from the segments` })
  }
  if (findings.length === 0 && total > 0) findings.push({ level: 'ok', message: `saved index ${INDEX_FILE} covers all ${total} segments and matches them` })
  return findings
}

/** Everything doctor checks: lock, db.json and its segments, chain, signatures, artifacts, keys, backups. */
export function diagnose(dataDirArg: string, options: { threads?: number } = {}): Diagnosis {
  const dataDir = resolve(dataDirArg)
  const findings: Finding[] = []
  if (!existsSync(dataDir)) {
    return { dataDir, ok: false, findings: [{ level: 'error', message: `${dataDir} does not exist` }], backups: [] }
  }
  const holder = DataDirLock.holder(dataDir)
  if (holder?.alive) findings.push({ level: 'ok', message: `lock: in use — ${holder.why} (checked read-only)` })
  else if (holder) findings.push({ level: 'warn', message: `lock: stale — ${holder.why}; the next start takes it over, or \`bund doctor --release-lock\` releases it now` })

  let keys: PublicKeyEntry[] | undefined
  try {
    const publicKeyPem = loadSigningKey(dataDir, false)?.publicKeyPem
    keys = keyHistory(dataDir)
    const privatePath = join(dataDir, PRIVATE_KEY_FILE)
    if (publicKeyPem === undefined && keys.length === 0) findings.push({ level: 'warn', message: 'no signing key yet; one is generated at the first start' })
    else if (!existsSync(privatePath)) findings.push({ level: 'error', message: `${secretMissing(SIGNING_KEY, `${PUBLIC_KEY_FILE} and keys/history/ name the key publications are signed with`).message}` })
    else if ((statSync(privatePath).mode & 0o077) !== 0) findings.push({ level: 'warn', message: `${privatePath} is readable by others (mode ${(statSync(privatePath).mode & 0o777).toString(8)}); run: chmod 600 ${privatePath}` })
    else findings.push({ level: 'ok', message: `signing key present, private key mode 0600; ${keys.length} key(s) in the key history` })
  } catch (e) {
    findings.push({ level: 'error', message: (e as Error).message })
  }

  const dbPath = join(dataDir, 'db.json')
  const checks = new SegmentChecks(dataDir, keys)
  checks.prepare(namedSegments([dbPath, ...listBackups(dataDir).map((b) => b.path)]), options.threads ?? doctorThreads())
  const live = inspectDb(dataDir, dbPath, keys, join(dataDir, JOURNAL_FILE), checks)
  findings.push(...live.findings)
  if (live.counts) findings.push({ level: 'ok', message: `${live.counts.runs} runs, ${live.counts.publications} publications, ${live.counts.audit} audit entries` })
  findings.push(describeInstanceId(dataDir, (live.counts?.audit ?? 0) > 0, keys?.find((k) => k.current)?.keyId))
  if (live.data !== undefined) findings.push(...checkSavedIndex(dataDir, live.data, checks))
  if (live.ok && live.data !== undefined) findings.push(...checkArtifacts(dataDir, live.data, checks))

  const backups = listBackups(dataDir).map((b) => {
    const r = inspectDb(dataDir, b.path, keys, undefined, checks)
    const summary = r.ok ? `${r.counts?.publications ?? 0} publications, ${r.counts?.audit ?? 0} audit entries` : (r.findings.find((f) => f.level === 'error')?.message ?? 'unusable')
    return { path: b.path, takenAt: b.takenAt.toISOString(), ok: r.ok, summary }
  })
  return { dataDir, ok: findings.every((f) => f.level !== 'error'), findings, backups }
}

/** The segments these db.json files name (the ones that read; the others are reported by inspectDb). */
function namedSegments(paths: string[]): Array<{ log: LogName; ref: SegmentRef }> {
  const out: Array<{ log: LogName; ref: SegmentRef }> = []
  for (const path of paths) {
    try {
      const data = new DurableJsonFile<DbFile>(path, checkDbFile).readSync()
      if (data !== null) for (const log of LOGS) for (const ref of data.segments[log]) out.push({ log, ref })
    } catch {}
  }
  return out
}

/** Every publication's output and bundle artifact exists and still hashes to its name (each distinct artifact read once). */
function checkArtifacts(dataDir: string, data: DbFile, checks: SegmentChecks): Finding[] {
  const artifacts = new ArtifactStore(join(dataDir, 'artifacts'))
  const hashes = new Map<string, string>()
  const add = (output: string, bundle: string, id: string) => {
    hashes.set(output, `output of ${id}`)
    hashes.set(bundle, `bundle of ${id}`)
  }
  for (const ref of data.segments.publications) for (const [output, bundle, id] of checks.of('publications', ref).artifacts ?? []) add(output, bundle, id)
  for (const p of data.publications) add(p.outputHash, p.bundleSha256, p.id)
  const bad: string[] = []
  for (const [hash, what] of hashes) {
    try {
      artifacts.get(hash)
    } catch (e) {
      bad.push(`${what}: ${(e as Error).message}`)
    }
  }
  return bad.length === 0
    ? [{ level: 'ok', message: `all ${hashes.size} artifacts of publications are present and intact` }]
    : bad.map((message) => ({ level: 'error' as const, message }))
}
