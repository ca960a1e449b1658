/**
 * The embedded store: one process owns a data directory on its disk (see README.md). lowdb holds
 * db.json's data (read once at open through DurableJsonFile, our atomic fsynced adapter); Bund's own
 * code does the rest: the journal that makes each write durable, sealed segments for older records,
 * the lock, backups and recovery. Everything is loaded into memory at open, so reads are map
 * lookups; each write appends one journal line, and db.json stays small.
 */
import { type KeyObject, sign } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Low } from 'lowdb'
import { BundError, compareVersions, isBundError, keyIdOf } from '../../kernel/index.js'
import { ArtifactStore } from '../artifacts.js'
import { HashFile } from '../../tlog/hash-file.js'
import { type StoredTreeHashes, storedTreeHashes } from '../../tlog/tree.js'
import { auditLeaf, publishedData, verifyChainInBatches } from '../audit-chain.js'
import { type DbFile, LOGS, type LogName, checkDbFile, emptyDb } from './db-file.js'
import { DurableJsonFile } from './durable-json-file.js'
import { rotateBackup } from './backups.js'
import { DataDirLock } from './lock.js'
import { JOURNAL_FILE, Journal, type JournalEntry, applyEntry, readJournal } from './journal.js'
import type { AuditEntry, AuditVerification, AuthorKeyRecord, OrgRecord, Publication, RunRecord, ScenarioRecord, TokenRecord, Actor } from '../../model/index.js'
import { type MissingSegment, readSegment, segmentFiles, writeSegment } from './segments.js'
import { HEAD, IdColumn, Interned, LogLocations, SegmentCache, SubjectChains } from './record-index.js'
import { type IndexedSegment, appendToSavedIndex, indexedSegment, readSavedIndex, rewriteSavedIndex } from './saved-index.js'
import {
  type PublicKeyEntry,
  type SigningKey,
  SIGNING_KEY,
  abandonRotation,
  completeRotation,
  keyHistory,
  loadSigningKey,
  pendingRotation,
  prepareRotation,
  publicationId,
  signPublication,
} from '../signing.js'
import { secretMissing } from '../secret-file.js'
import { loadInstanceId } from '../instance-id.js'
import { asStoreFault, rethrowAsStoreFault } from '../faults.js'
import { loadEvaluationSecret } from '../evaluation-secret.js'
import { acceptedRunEntry, checkReleasable, failedAcceptedRun, publicationBodyOf, publicationExists, recordedRunEntries, releasedPublicationBody, requireReason, runAlreadyAccepted, runAlreadyRecorded } from '../write-rules.js'
import type { ListOptions, OpenStoreOptions, Page, PageOptions, PublishedVersion, Store } from '../store.js'
import { pageBounds } from '../paging.js'
import type { AcceptedRun } from '../run-queue-persistence.js'
import { Transaction } from './transaction.js'

export { SCHEMA_VERSION } from './db-file.js'

export const DB_FILE = 'db.json'
/** The transparency log's stored hashes (derived from the audit chain; rebuilt from it when behind). */
export const LOG_HASHES_FILE = join('tlog', 'hashes')
const DEFAULT_SEAL_BYTES = 128 * 1024
const DEFAULT_CHECKPOINT_BYTES = 256 * 1024


export class EmbeddedStore implements Store {
  readonly artifacts: ArtifactStore
  readonly #db: Low<DbFile>
  readonly #adapter: DurableJsonFile<DbFile>
  readonly #lock: DataDirLock | undefined
  #key: SigningKey | undefined
  #writeFault: BundError | undefined
  readonly #missing: MissingSegment[]
  /** What was wrong with the saved index at open (empty: it covered every segment exactly). */
  #savedIndexProblems: string[] = []
  /** The key history, read once (it changes only by this store's rotations). */
  #keys: PublicKeyEntry[] | undefined
  readonly #sealBytes: number
  readonly #checkpointBytes: number
  readonly #journal: Journal | undefined
  #queue: Promise<unknown> = Promise.resolve()
  #closed = false
  // In memory: where each record is and the fields listings filter on, never the records
  // themselves (record-index.ts); records are read from db.json's head or their segment on demand.
  readonly #segments: SegmentCache
  readonly #interned = new Interned()
  readonly #runAt = new LogLocations()
  readonly #runIds = new IdColumn()
  readonly #runScenario: string[] = []
  readonly #runVersion: string[] = []
  /** With releases applied (a released run is published). */
  readonly #runStatus: RunRecord['status'][] = []
  readonly #publicationAt = new LogLocations()
  readonly #publicationIds = new IdColumn()
  readonly #publicationScenario: string[] = []
  readonly #publicationVersion: string[] = []
  readonly #publicationWithdrawn: boolean[] = []
  readonly #auditAt = new LogLocations()
  /** Audit entries by subject — no array per subject. */
  readonly #auditSubjects = new SubjectChains()
  #auditLast: AuditEntry | null = null
  #tokensByHash = new Map<string, TokenRecord>()
  /** Live publications per scenario version, kept up to date by every write (what the public may see). */
  readonly #live = new Map<string, PublishedVersion>()
  #log: HashFile | undefined
  readonly #instanceId: string

  private constructor(
    readonly dataDir: string,
    init: {
      db: Low<DbFile>
      adapter: DurableJsonFile<DbFile>
      lock: DataDirLock | undefined
      journal: Journal | undefined
      key: SigningKey | undefined
      instanceId: string
      options: OpenStoreOptions
    },
  ) {
    this.#db = init.db
    this.#adapter = init.adapter
    this.#lock = init.lock
    this.#journal = init.journal
    this.#key = init.key
    this.#missing = []
    this.#segments = new SegmentCache(dataDir)
    this.#sealBytes = init.options.sealBytes ?? DEFAULT_SEAL_BYTES
    this.#checkpointBytes = init.options.checkpointBytes ?? DEFAULT_CHECKPOINT_BYTES
    this.artifacts = new ArtifactStore(join(dataDir, 'artifacts'))
    const data = init.db.data
    this.#indexSegments(init.lock !== undefined)
    this.#index(data.runs, data.publications, data.audit)
    for (const i of this.#runIds.lastOrdinals(Object.keys(data.amendments.releases)).values()) this.#runStatus[i] = 'published'
    for (const i of this.#publicationIds.lastOrdinals(Object.keys(data.amendments.withdrawals)).values()) this.#withdrawnAt(i)
    this.#indexTokens()
    this.#instanceId = init.instanceId
  }

  /**
   * Opens (creating if needed) the store in `dataDir`, taking its lock, and replays the journal. A
   * corrupt, truncated or newer db.json is refused with a clear message and never overwritten.
   */
  static async open(dataDir: string, options: OpenStoreOptions = {}): Promise<EmbeddedStore> {
    // A reader may catch a writer between folding the journal into db.json and emptying it: retry.
    for (let attempt = 1; ; attempt++) {
      try {
        return await EmbeddedStore.#open(dataDir, options)
      } catch (e) {
        const fault = options.readOnly ? undefined : asStoreFault(e, 'opening the data directory for writing')
        if (fault !== undefined) {
          if (!options.readsOnWriteFault) throw fault
          // The disk is full, read-only or not ours: serve what is there, refuse writes with the fault.
          const store = await EmbeddedStore.open(dataDir, { ...options, readOnly: true, readsOnWriteFault: false })
          store.#writeFault = fault
          return store
        }
        if (!options.readOnly || attempt >= 3 || !isBundError(e, 'STORE_INVALID')) throw e
        await new Promise((r) => setTimeout(r, 20 * attempt))
      }
    }
  }

  /** Why this store refuses writes although it was opened to write (a full, read-only or foreign disk). */
  writeFault(): BundError | undefined {
    return this.#writeFault
  }

  static async #open(dataDir: string, options: OpenStoreOptions): Promise<EmbeddedStore> {
    const dir = resolve(dataDir)
    const readOnly = options.readOnly ?? false
    const file = join(dir, DB_FILE)
    if (readOnly && !existsSync(file) && !existsSync(join(dir, JOURNAL_FILE))) throw new BundError('STORE_INVALID', `${dir} holds no Bund data (no ${DB_FILE})`)
    if (!readOnly) {
      try {
        mkdirSync(dir, { recursive: true })
      } catch (e) {
        throw asStoreFault(e, 'creating the data directory') ?? new BundError('STORE_INVALID', `cannot create the data directory ${dir}: ${(e as Error).message}`)
      }
    }
    const lock = readOnly ? undefined : DataDirLock.acquire(dir)
    let journal: Journal | undefined
    try {
      const adapter = new DurableJsonFile<DbFile>(file, checkDbFile, ` Run \`bund doctor --data-dir ${dir}\` to see what is wrong and restore the last good backup.`)
      // Built by hand, not with JSONFilePreset: the preset silently keeps data in memory under NODE_ENV=test.
      const db = new Low<DbFile>(adapter, emptyDb())
      const existed = existsSync(file)
      await db.read()
      const pending = readJournal(join(dir, JOURNAL_FILE), db.data.journalSeq)
      for (const entry of pending.entries) applyEntry(db.data, entry)
      if (!readOnly) settleRotation(dir, (subject) => auditOfUnindexed(dir, db.data, subject))
      const hasPublications = db.data.publications.length > 0 || db.data.segments.publications.some((s) => s.count > 0)
      const key = readOnly || options.signingKeyLost ? loadSigningKey(dir, false) : loadSigningKey(dir, true, hasPublications)
      if (!readOnly) journal = new Journal(join(dir, JOURNAL_FILE), pending.validBytes)
      const hasLog = db.data.audit.length > 0 || db.data.segments.audit.some((s) => s.count > 0)
      const instanceId = loadInstanceId(dir, { create: !readOnly, hasLog, keyId: key?.keyId })
      const store = new EmbeddedStore(dir, { db, adapter, lock, journal, key, instanceId, options })
      // The log's hashes are made durable before every checkpoint writes db.json, so only leaves of
      // entries not yet sealed (db.json's head, the journal replayed into it) can be torn or stale:
      // those are re-checked, with a margin, not a fixed 4,096 read back from the segments.
      const recheck = db.data.audit.length + 256
      store.#log = HashFile.open(join(dir, LOG_HASHES_FILE), { count: store.#auditAt.count, leaf: (i) => auditLeaf(store.#auditEntry(i) as AuditEntry) }, { writable: !readOnly, recheck })
      if (!readOnly) {
        removeStrayTempFiles(dir)
        // Start from a clean checkpoint. It loaded, and the chain's unsealed end (what changed since
        // the last backup; sealed segments are immutable) verifies: it is a good backup.
        if (pending.entries.length > 0 || pending.tornBytes > 0) store.#checkpoint()
        const recent = store.#verifyHead()
        if ((existed || pending.entries.length > 0) && recent.ok) rotateBackup(dir, readFileSync(file))
      }
      return store
    } catch (e) {
      journal?.close()
      lock?.release()
      throw e
    }
  }

  // ---- writes --------------------------------------------------------------------------------

  /** Runs one change as one durable write, one at a time, so concurrent callers never interleave. */
  #transact<T>(change: (tx: Transaction) => T): Promise<T> {
    const next = this.#queue.then(() => {
      if (this.#closed) throw new BundError('STORE_INVALID', 'the store is closed')
      if (this.#writeFault !== undefined) throw this.#writeFault
      if (this.#lock === undefined) throw new BundError('STORE_INVALID', `the store in ${this.dataDir} was opened read-only`)
      const before = this.#db.data
      const tx = new Transaction(before, this.#auditLast)
      const result = change(tx)
      const entry: JournalEntry = { seq: before.journalSeq + 1, runs: tx.newRuns, publications: tx.newPublications, audit: tx.newAudit, head: changedHead(before, tx.draft) }
      try {
        ;(this.#journal as Journal).append(entry)
      } catch (e) {
        rethrowAsStoreFault(e, 'appending to the journal')
      }
      for (const step of tx.afterCommit) step()
      // Durable now: make it visible.
      tx.draft.journalSeq = entry.seq
      this.#db.data = tx.draft
      this.#index(tx.newRuns, tx.newPublications, tx.newAudit)
      this.#appendToLog(tx.newAudit)
      for (const r of tx.amendedRuns) this.#runStatus[this.#runIds.ordinalOf(r.id) as number] = r.status
      for (const p of tx.amendedPublications) if (p.withdrawn !== undefined) this.#withdrawn(p.id)
      this.#indexTokens()
      if ((this.#journal as Journal).bytes > this.#checkpointBytes) {
        // The write is durable in the journal whatever happens here: a failed checkpoint is
        // retried after the next write, and on close (which reports it).
        try {
          this.#checkpoint()
        } catch {}
      }
      return result
    })
    this.#queue = next.catch(() => undefined)
    return next
  }

  /**
   * Folds the journal into db.json and empties it. When db.json's newest records have grown past
   * the seal size, they first move into sealed segments (written before db.json names them).
   */
  #checkpoint(): void {
    const journal = this.#journal as Journal
    let data = this.#db.data
    const sealing = this.#adapter.bytes + journal.bytes > this.#sealBytes
    const sealed: IndexedSegment[] = []
    if (sealing) {
      data = { ...data, segments: { ...data.segments } }
      for (const log of LOGS) {
        if (data[log].length === 0) continue
        const ref = writeSegment(this.dataDir, log, data[log])
        sealed.push(indexedSegment(log, ref, data[log]))
        data.segments[log] = [...data.segments[log], ref]
        this.#locations(log).sealHead(data.segments[log].length - 1, data[log].length)
        data[log] = []
      }
    }
    this.#log?.sync()
    this.#adapter.writeSync(data)
    this.#db.data = data
    try {
      appendToSavedIndex(this.dataDir, sealed)
    } catch {
      // Derived data: the next open reads the segments it does not cover, and rewrites it.
    }
    // A backup of every checkpoint, taken before the journal is emptied: the journal then always
    // continues the newest backup, so a restore from it loses no acknowledged write.
    rotateBackup(this.dataDir, readFileSync(join(this.dataDir, DB_FILE)))
    journal.reset()
  }

  async missingSegments(): Promise<MissingSegment[]> {
    return this.#missing.map((m) => ({ ...m }))
  }

  /** What was wrong with the saved index at open (segment-index.jsonl); empty when it covered every segment exactly. */
  savedIndexProblems(): string[] {
    return [...this.#savedIndexProblems]
  }

  #locations(log: LogName): LogLocations {
    return log === 'runs' ? this.#runAt : log === 'publications' ? this.#publicationAt : this.#auditAt
  }

  /**
   * Indexes every sealed segment: from the saved index where it covers the segment (saved-index.ts),
   * else by reading the segment's file (its records are dropped once indexed). A writer rewrites a
   * saved index that was not exactly right. A lost segment degrades the store, never blocks it: it
   * opens with the rest and names what is missing.
   */
  #indexSegments(writable: boolean): void {
    const { segments } = this.#db.data
    const saved = readSavedIndex(this.dataDir, segments)
    this.#savedIndexProblems = saved.problems
    const present = segmentFiles(this.dataDir)
    const kept: IndexedSegment[] = []
    for (const log of LOGS) {
      segments[log].forEach((ref, k) => {
        let indexed = saved.covered[log][k]
        if (indexed !== undefined && !present.has(ref.sha256)) indexed = undefined
        if (indexed === undefined) {
          try {
            indexed = indexedSegment(log, ref, readSegment(this.dataDir, log, ref))
          } catch (e) {
            this.#missing.push({ log, sha256: ref.sha256, count: ref.count, reason: (e as Error).message })
            return
          }
        }
        kept.push(indexed)
        this.#indexRows(indexed, k)
      })
    }
    if (writable && !saved.exact) {
      try {
        rewriteSavedIndex(this.dataDir, kept)
      } catch {
        // Derived data: the next open reads the segments it does not cover.
      }
    }
  }

  /** Indexes one sealed segment's records (their index line, from the saved index or read from its file). */
  #indexRows(segment: IndexedSegment, k: number): void {
    const { log, ids } = segment
    const at = this.#locations(log)
    if (log === 'audit') {
      for (let position = 0; position < ids.length; position++) this.#indexAuditSubject(ids[position] as string, at.push(k, position))
      if (segment.last !== undefined) this.#auditLast = segment.last
      return
    }
    const kinds = segment.kinds ?? []
    const kind = segment.kind ?? []
    for (let position = 0; position < ids.length; position++) {
      const [scenario, version, status] = kinds[kind[position] as number] as [string, string, RunRecord['status']]
      this.#indexListed(log, at.push(k, position), ids[position] as string, scenario, version, status)
    }
  }

  /** Indexes records of db.json's head: all of them at open, or a write's new ones (appended last). */
  #index(runs: RunRecord[], publications: Publication[], audit: AuditEntry[]): void {
    const head = this.#db.data
    const add = (log: LogName, records: readonly unknown[]) => {
      const start = head[log].length - records.length
      records.forEach((r, i) => this.#indexOne(log, r, HEAD, start + i))
    }
    add('runs', runs)
    add('publications', publications)
    add('audit', audit)
  }

  #indexOne(log: LogName, record: unknown, segment: number, position: number): void {
    const i = this.#locations(log).push(segment, position)
    if (log === 'audit') {
      const e = record as AuditEntry
      this.#indexAuditSubject(e.subject, i)
      this.#auditLast = e
    } else {
      const r = record as RunRecord
      this.#indexListed(log, i, r.id, r.scenario, r.version, r.status)
    }
  }

  #indexListed(log: 'runs' | 'publications', i: number, id: string, scenario: string, version: string, status: RunRecord['status'] | undefined): void {
    if (log === 'runs') {
      this.#runIds.set(i, id)
      this.#runScenario.push(this.#interned.of(scenario))
      this.#runVersion.push(this.#interned.of(version))
      this.#runStatus.push(status as RunRecord['status'])
    } else {
      this.#publicationIds.set(i, id)
      this.#publicationScenario.push(this.#interned.of(scenario))
      this.#publicationVersion.push(this.#interned.of(version))
      this.#publicationWithdrawn.push(false)
      this.#countLive(scenario, version, 1)
    }
  }

  #indexAuditSubject(subject: string, i: number): void {
    this.#auditSubjects.push(subject, i)
  }

  /** A record by its place in its log, read from db.json's head or its segment. */
  #read(log: LogName, ordinal: number): unknown {
    const at = this.#locations(log)
    const segment = at.segmentOf(ordinal)
    if (segment === HEAD) return this.#db.data[log][at.positionOf(ordinal)]
    const ref = this.#db.data.segments[log][segment]
    return ref === undefined ? undefined : this.#segments.read(log, ref)?.[at.positionOf(ordinal)]
  }

  /** A run with its release (an amendment) applied. */
  #run(ordinal: number): RunRecord | undefined {
    const run = this.#read('runs', ordinal) as RunRecord | undefined
    const r = run === undefined ? undefined : this.#db.data.amendments.releases[run.id]
    return r === undefined || run === undefined ? run : { ...run, status: 'published', release: { at: r.at, by: r.by, reason: r.reason }, publicationId: r.publicationId }
  }

  /** A publication with its withdrawal (an amendment) applied. */
  #publication(ordinal: number): Publication | undefined {
    const p = this.#read('publications', ordinal) as Publication | undefined
    const withdrawn = p === undefined ? undefined : this.#db.data.amendments.withdrawals[p.id]
    return withdrawn === undefined || p === undefined ? p : { ...p, withdrawn }
  }

  #auditEntry(ordinal: number): AuditEntry | undefined {
    return this.#read('audit', ordinal) as AuditEntry | undefined
  }

  #auditOfSync(subject: string): AuditEntry[] {
    const out: AuditEntry[] = []
    for (const i of this.#auditSubjects.of(subject)) {
      const e = this.#auditEntry(i)
      if (e !== undefined) out.push(e)
    }
    return out.reverse()
  }

  /** The chain in batches of up to 1,000 entries, read from the segments one at a time. */
  *#auditBatches(): Generator<AuditEntry[]> {
    for (let from = 0; from < this.#auditAt.count; from += 1000) {
      const batch: AuditEntry[] = []
      for (let i = from; i < Math.min(from + 1000, this.#auditAt.count); i++) {
        const e = this.#auditEntry(i)
        if (e !== undefined) batch.push(e)
      }
      yield batch
    }
  }

  /** The chain's unsealed end (what changed since the last backup; sealed segments are immutable) verifies. */
  #verifyHead(): AuditVerification {
    const { audit, auditHead } = this.#db.data
    const sealed = this.#auditAt.count - audit.length
    const last = sealed > 0 ? this.#auditEntry(sealed - 1) : undefined
    return verifyChainInBatches([audit], auditHead, this.#auditAt.count, last === undefined ? undefined : { seq: last.seq, hash: last.hash })
  }

  #withdrawn(id: string): void {
    const i = this.#publicationIds.ordinalOf(id)
    if (i !== undefined) this.#withdrawnAt(i)
  }

  #withdrawnAt(i: number): void {
    if (this.#publicationWithdrawn[i]) return
    this.#publicationWithdrawn[i] = true
    this.#countLive(this.#publicationScenario[i] as string, this.#publicationVersion[i] as string, -1)
  }

  /**
   * The write is durable in the journal already; the log's hashes follow it (made durable at the
   * next checkpoint). If they cannot be written, proofs stop until the next open rebuilds them.
   */
  #appendToLog(entries: AuditEntry[]): void {
    try {
      this.#log?.append(entries.map(auditLeaf))
    } catch {
      this.#log?.close()
      this.#log = undefined
    }
  }

  #indexTokens(): void {
    this.#tokensByHash = new Map(this.#db.data.tokens.filter((t) => t.revokedAt === undefined).map((t) => [t.hash, t]))
  }

  // ---- registry ------------------------------------------------------------------------------

  putScenario(record: ScenarioRecord, actor: Actor = 'cli'): Promise<void> {
    return this.#transact((tx) => {
      const existing = tx.draft.scenarios.find((s) => s.id === record.id && s.version === record.version)
      if (existing !== undefined) {
        if (existing.bundleSha256 === record.bundleSha256) return
        throw new BundError(
          'VERSION_CONFLICT',
          `${record.id}@${record.version} is already registered with bundle ${existing.bundleSha256}; a changed bundle needs a new version`,
        )
      }
      tx.draft.scenarios.push(record)
      tx.log(actor, 'scenario.registered', `${record.id}@${record.version}`, record)
    })
  }

  async getScenario(id: string, version?: string): Promise<ScenarioRecord | undefined> {
    return this.#scenario(id, version)
  }

  #scenario(id: string, version?: string): ScenarioRecord | undefined {
    const matches = this.#db.data.scenarios.filter((s) => s.id === id && (version === undefined || s.version === version))
    return matches.sort((a, b) => compareVersions(b.version, a.version))[0]
  }

  async listScenarios(): Promise<ScenarioRecord[]> {
    return [...this.#db.data.scenarios]
  }

  // ---- runs and publications -----------------------------------------------------------------

  recordRun(run: RunRecord, publication?: Omit<Publication, 'signature' | 'keyId'>, actor: Actor = 'cli'): Promise<Publication | undefined> {
    return this.#transact((tx) => {
      if (this.#runIds.ordinalOf(run.id) !== undefined) throw runAlreadyRecorded(run.id)
      let signed: Publication | undefined
      if (publication !== undefined) {
        const body = publicationBodyOf(run, publication)
        signed = signPublication({ id: publicationId(body), ...body }, this.#signingKey())
        if (this.#publicationIds.ordinalOf(signed.id) !== undefined) throw publicationExists(signed.id)
        run = { ...run, publicationId: signed.id }
      }
      tx.addRun(run)
      delete tx.draft.accepted[run.id]
      if (signed !== undefined) tx.addPublication(signed)
      for (const e of recordedRunEntries(run, actor, signed)) tx.log(e.actor, e.action, e.subject, e.data, e.at)
      return signed
    })
  }

  acceptRun(run: AcceptedRun): Promise<void> {
    return this.#transact((tx) => {
      if (this.#runIds.ordinalOf(run.id) !== undefined || tx.draft.accepted[run.id] !== undefined) throw runAlreadyAccepted(run.id)
      tx.draft.accepted[run.id] = run
      const e = acceptedRunEntry(run)
      tx.log(e.actor, e.action, e.subject, e.data)
    })
  }

  async acceptedRuns(): Promise<AcceptedRun[]> {
    return Object.values(this.#db.data.accepted).sort((a, b) => a.acceptedAt.localeCompare(b.acceptedAt))
  }

  async endAcceptedRun(id: string, error: { code: string; message: string }, actor: Actor): Promise<RunRecord> {
    const run = this.#db.data.accepted[id]
    if (run === undefined) throw new BundError('NOT_FOUND', `no accepted run ${id} is waiting`)
    const record = failedAcceptedRun(run, this.#scenario(run.scenario, run.version)?.bundleSha256 ?? '', error)
    await this.recordRun(record, undefined, actor)
    return record
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const i = this.#runIds.ordinalOf(id)
    const run = i === undefined ? undefined : this.#run(i)
    // The index says where a record is; the record itself must say it is the one asked for.
    return run?.id === id ? run : undefined
  }

  /** Newest first: the filters run over the in-memory columns; only the page's records are read. */
  async listRuns(options: ListOptions = {}): Promise<Page<RunRecord>> {
    return this.#page(options, this.#runAt.count, (i) => this.#run(i), (i) => {
      if (options.status !== undefined && this.#runStatus[i] !== options.status) return false
      return this.#matches(this.#runScenario[i] as string, this.#runVersion[i] as string, options)
    })
  }

  async getPublication(id: string): Promise<Publication | undefined> {
    const i = this.#publicationIds.ordinalOf(id)
    const p = i === undefined ? undefined : this.#publication(i)
    return p?.id === id ? p : undefined
  }

  async listPublications(options: ListOptions = {}): Promise<Page<Publication>> {
    return this.#page(options, this.#publicationAt.count, (i) => this.#publication(i), (i) => {
      if (this.#publicationWithdrawn[i] && !options.includeWithdrawn) return false
      return this.#matches(this.#publicationScenario[i] as string, this.#publicationVersion[i] as string, options)
    })
  }

  #page<T>(options: ListOptions, count: number, read: (ordinal: number) => T | undefined, keep: (ordinal: number) => boolean): Page<T> {
    const { offset, limit } = pageBounds(options)
    const items: T[] = []
    let total = 0
    for (let i = count - 1; i >= 0; i--) {
      if (!keep(i)) continue
      if (total >= offset && items.length < limit) {
        const record = read(i)
        if (record !== undefined) items.push(record)
      }
      total++
    }
    return { items, total, offset, limit }
  }

  async publishedVersions(): Promise<PublishedVersion[]> {
    return [...this.#live.values()].map((v) => ({ ...v }))
  }

  #countLive(scenario: string, version: string, delta: 1 | -1): void {
    const key = `${scenario}@${version}`
    const seen = this.#live.get(key) ?? { scenario, version, publications: 0 }
    seen.publications += delta
    if (seen.publications > 0) this.#live.set(key, seen)
    else this.#live.delete(key)
  }

  #matches(scenario: string, version: string, options: ListOptions): boolean {
    if (options.scenario !== undefined && scenario !== options.scenario) return false
    if (options.version !== undefined && version !== options.version) return false
    if (options.org !== undefined && !scenario.startsWith(`${options.org}/`)) return false
    return true
  }

  async releaseRun(runId: string, actor: Actor, reason: string): Promise<Publication> {
    const why = requireReason(reason)
    return this.#transact((tx) => {
      const ordinal = this.#runIds.ordinalOf(runId)
      const run = ordinal === undefined ? undefined : this.#run(ordinal)
      if (run === undefined) throw new BundError('NOT_FOUND', `no run ${runId}`)
      checkReleasable(run)
      const body = releasedPublicationBody(run, tx.at, actor, why)
      const signed = signPublication({ id: publicationId(body), ...body }, this.#signingKey())
      tx.addPublication(signed)
      tx.draft.amendments.releases[runId] = { at: tx.at, by: actor, reason: why, publicationId: signed.id }
      tx.amendedRuns.push({ ...run, status: 'published', release: { at: tx.at, by: actor, reason: why }, publicationId: signed.id })
      tx.log(actor, 'run.released', runId, { reason: why, publicationId: signed.id })
      tx.log(actor, 'publication.published', signed.id, publishedData(signed))
      return signed
    })
  }

  async withdrawPublication(id: string, actor: Actor, reason: string): Promise<Publication> {
    const why = requireReason(reason)
    return this.#transact((tx) => {
      const ordinal = this.#publicationIds.ordinalOf(id)
      const p = ordinal === undefined ? undefined : this.#publication(ordinal)
      if (p === undefined) throw new BundError('NOT_FOUND', `no publication ${id}`)
      if (p.withdrawn !== undefined) throw new BundError('STATE_CONFLICT', `publication ${id} was already withdrawn at ${p.withdrawn.at} by ${p.withdrawn.by}`)
      const withdrawn = { at: tx.at, by: actor, reason: why }
      tx.draft.amendments.withdrawals[id] = withdrawn
      const amended = { ...p, withdrawn }
      tx.amendedPublications.push(amended)
      tx.log(actor, 'publication.withdrawn', id, withdrawn)
      return amended
    })
  }

  // ---- tokens and author keys ----------------------------------------------------------------

  async addToken(record: TokenRecord, actor: Actor = 'cli'): Promise<void> {
    if (!/^[0-9a-f]{64}$/.test(record.hash)) throw new BundError('USAGE', 'a token is stored by its sha256 (64 hex digits), never in clear')
    return this.#transact((tx) => {
      if (tx.draft.tokens.some((t) => t.id === record.id)) throw new BundError('STATE_CONFLICT', `token ${record.id} already exists`)
      if (tx.draft.tokens.some((t) => t.hash === record.hash)) throw new BundError('STATE_CONFLICT', 'a token with that hash already exists')
      tx.draft.tokens.push(record)
      const { hash: _hash, ...visible } = record
      tx.log(actor, 'token.issued', record.id, visible)
    })
  }

  async findToken(hash: string): Promise<TokenRecord | undefined> {
    return this.#tokensByHash.get(hash)
  }

  async listTokens(): Promise<TokenRecord[]> {
    return [...this.#db.data.tokens]
  }

  revokeToken(id: string, actor: Actor): Promise<TokenRecord> {
    return this.#transact((tx) => {
      const i = tx.draft.tokens.findIndex((t) => t.id === id)
      const token = tx.draft.tokens[i]
      if (token === undefined) throw new BundError('NOT_FOUND', `no token ${id}`)
      if (token.revokedAt !== undefined) throw new BundError('STATE_CONFLICT', `token ${id} was already revoked at ${token.revokedAt}`)
      const revoked = { ...token, revokedAt: tx.at }
      tx.draft.tokens[i] = revoked
      tx.log(actor, 'token.revoked', id, { id, revokedAt: tx.at })
      return revoked
    })
  }

  async putAuthorKey(record: AuthorKeyRecord, actor: Actor = 'cli'): Promise<void> {
    const keyId = keyIdOf(record.publicKey)
    return this.#transact((tx) => {
      tx.draft.authorKeys = [...tx.draft.authorKeys.filter((k) => k.org !== record.org), record]
      tx.log(actor, 'author-key.registered', record.org, { org: record.org, keyId, registeredAt: record.registeredAt })
    })
  }

  async getAuthorKey(org: string): Promise<AuthorKeyRecord | undefined> {
    return this.#db.data.authorKeys.find((k) => k.org === org)
  }

  async setOrgName(org: string, displayName: string, actor: Actor): Promise<OrgRecord> {
    return this.#transact((tx) => {
      const previous = tx.draft.orgs.find((o) => o.org === org)
      const record: OrgRecord = { org, displayName, updatedAt: tx.at, updatedBy: actor }
      tx.draft.orgs = [...tx.draft.orgs.filter((o) => o.org !== org), record]
      tx.log(actor, 'org.renamed', org, { org, displayName, previous: previous?.displayName ?? null })
      return record
    })
  }

  async getOrg(org: string): Promise<OrgRecord | undefined> {
    return this.#db.data.orgs.find((o) => o.org === org)
  }

  async listOrgs(): Promise<OrgRecord[]> {
    return [...this.#db.data.orgs]
  }

  // ---- signing and audit ---------------------------------------------------------------------

  instanceId(): string {
    return this.#instanceId
  }

  async publicKey(): Promise<string> {
    if (this.#key === undefined) throw new BundError('STORE_INVALID', `${this.dataDir} has no signing key yet; it is generated when the store is first opened for writing`)
    return this.#key.publicKeyPem
  }

  #signingKey(): SigningKey {
    if (this.#key?.privateKey !== undefined) return this.#key
    if (this.#lock !== undefined) throw secretMissing(SIGNING_KEY, 'this store was opened to replace a lost key and signs nothing until `bund keys rotate --lost` is done')
    throw new BundError('STORE_INVALID', 'the store was opened read-only; it cannot sign')
  }

  async publicKeys(): Promise<PublicKeyEntry[]> {
    this.#keys ??= keyHistory(this.dataDir)
    return this.#keys.map((k) => ({ ...k }))
  }

  async rotateSigningKey(actor: Actor, reason: string): Promise<{ previous: string | null; current: string }> {
    const why = requireReason(reason)
    return this.#transact((tx) => {
      const previous = this.#key?.keyId ?? null
      const next = prepareRotation(this.dataDir)
      tx.log(actor, 'key.rotated', next.keyId, { previous, current: next.keyId, publicKey: next.publicKeyPem, reason: why })
      tx.afterCommit.push(() => {
        completeRotation(this.dataDir)
        this.#key = next
        this.#keys = undefined
      })
      return { previous, current: next.keyId }
    })
  }

  audit(actor: Actor, action: string, subject: string, data: unknown): Promise<AuditEntry> {
    return this.#transact((tx) => tx.log(actor, action, subject, data))
  }

  async listAudit(options: PageOptions = {}): Promise<Page<AuditEntry>> {
    const { offset, limit } = pageBounds(options)
    const items: AuditEntry[] = []
    for (let i = offset; i < Math.min(this.#auditAt.count, offset + limit); i++) {
      const e = this.#auditEntry(i)
      if (e !== undefined) items.push(e)
    }
    return { items, total: this.#auditAt.count, offset, limit }
  }

  async auditOf(subject: string): Promise<AuditEntry[]> {
    return this.#auditOfSync(subject)
  }

  /** Reads the whole chain from the segments, one at a time (nothing of it is kept in memory). */
  async verifyAudit(): Promise<AuditVerification> {
    return verifyChainInBatches(this.#auditBatches(), this.#db.data.auditHead, this.#auditAt.count)
  }

  async logHashes(): Promise<StoredTreeHashes> {
    if (this.#log === undefined) throw new BundError('STORE_INVALID', `the transparency log's hashes in ${join(this.dataDir, LOG_HASHES_FILE)} are not available; restart the server to rebuild them from the audit chain`)
    return storedTreeHashes(this.#log)
  }

  async evaluationSecret(): Promise<Buffer> {
    return loadEvaluationSecret(this.dataDir)
  }

  sign(message: Uint8Array): Buffer {
    return sign(null, message, this.#signingKey().privateKey as KeyObject)
  }

  /** Waits for pending writes, folds the journal into db.json, and releases the lock. */
  async close(): Promise<void> {
    await this.#queue
    if (this.#closed) return
    this.#closed = true
    try {
      if (this.#journal && this.#journal.bytes > 0) this.#checkpoint()
    } finally {
      this.#log?.sync()
      this.#log?.close()
      this.#journal?.close()
      this.#lock?.release()
    }
  }
}

/** The head parts a write replaced (records are never mutated, so identity tells). */
function changedHead(before: DbFile, after: DbFile): JournalEntry['head'] {
  const head: JournalEntry['head'] = {}
  const same = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i])
  const sameMap = (a: Record<string, unknown>, b: Record<string, unknown>) => same(Object.keys(a), Object.keys(b)) && Object.keys(a).every((k) => a[k] === b[k])
  if (!same(before.scenarios, after.scenarios)) head.scenarios = after.scenarios
  if (!same(before.tokens, after.tokens)) head.tokens = after.tokens
  if (!same(before.authorKeys, after.authorKeys)) head.authorKeys = after.authorKeys
  if (!same(before.orgs, after.orgs)) head.orgs = after.orgs
  const [a, b] = [before.amendments, after.amendments]
  if (!sameMap(a.releases, b.releases) || !sameMap(a.withdrawals, b.withdrawals)) head.amendments = after.amendments
  if (!sameMap(before.accepted, after.accepted)) head.accepted = after.accepted
  return head
}

/**
 * A rotation a crash interrupted: completed when the audit chain recorded it (`key.rotated` names
 * the new key), dropped when it did not (the old key stays current).
 */
/** The audit entries about `subject`, read straight from the segments and db.json (before the store is indexed). */
function auditOfUnindexed(dir: string, data: DbFile, subject: string): AuditEntry[] {
  const out: AuditEntry[] = []
  for (const ref of data.segments.audit) {
    try {
      for (const e of readSegment(dir, 'audit', ref) as AuditEntry[]) if (e.subject === subject) out.push(e)
    } catch {}
  }
  return [...out, ...data.audit.filter((e) => e.subject === subject)]
}

function settleRotation(dir: string, auditOf: (subject: string) => AuditEntry[]): void {
  const next = pendingRotation(dir)
  if (next === undefined) return
  const recorded = auditOf(next).some((e) => e.action === 'key.rotated')
  if (recorded) completeRotation(dir)
  else abandonRotation(dir)
}

/** Temp files of writes a crash interrupted; only this (locked) process writes here. */
function removeStrayTempFiles(dir: string): void {
  for (const sub of ['', 'segments', 'backups']) {
    const folder = join(dir, sub)
    if (!existsSync(folder)) continue
    for (const name of readdirSync(folder)) if (name.endsWith('.tmp')) rmSync(join(folder, name), { force: true })
  }
}
