/**
 * The Store on PostgreSQL: every API node and worker of an instance opens it with the same URL.
 * Each write is one transaction that first locks the chain's head row (`instance`, FOR UPDATE), so
 * writes from every process are serialised there: the audit chain and the transparency log's
 * hashes stay one line of history, and a check-then-insert (a run id, a version) cannot race.
 * Reads are plain queries; nothing but the log's hashes is held in memory.
 */
import { type KeyObject, sign } from 'node:crypto'
import { join, resolve } from 'node:path'
import type pg from 'pg'
import { BundError } from '../../kernel/errors.js'
import type { NodePosition, StoredTreeHashes } from '../../tlog/tree.js'
import { auditLeaf, checkLinks, GENESIS_HASH, nextEntry, publishedData } from '../audit-chain.js'
import { compareVersions, keyIdOf } from '../../kernel/index.js'
import type { AuditEntry, AuditVerification, AuthorKeyRecord, OrgRecord, Publication, RunRecord, ScenarioRecord, TokenRecord, Actor } from '../../model/index.js'
import type { AcceptedRun } from '../run-queue-persistence.js'
import { secretMissing } from '../secret-file.js'
import { type PublicKeyEntry, type SigningKey, SIGNING_KEY, completeRotation, prepareRotation, publicationId, signPublication } from '../signing.js'
import { pageBounds } from '../paging.js'
import type { ListOptions, OpenStoreOptions, Page, PageOptions, PublishedVersion, Store } from '../store.js'
import { acceptedRunEntry, checkReleasable, failedAcceptedRun, publicationBodyOf, publicationExists, recordedRunEntries, releasedPublicationBody, requireReason, runAlreadyAccepted, runAlreadyRecorded } from '../write-rules.js'
import { ArtifactStore } from '../artifacts.js'
import { asConnectionFault, connectPool, describeDatabase, type PoolOptions } from './connection.js'
import { currentKey, keyHistoryOf, loadInstanceIdFrom, loadNodeEvaluationSecret, loadNodeSigningKey } from './instance-keys.js'
import { FRONTIER_SQL, logHashesToAppend, readLogHashes } from './log-hashes.js'
import { requireMigrated } from './migrate.js'
import { prepared } from './prepared.js'
import { together } from './together.js'
import { ShortLived } from './short-lived.js'

/** Where the instance's artifacts are when no option says: a folder every node mounts (see README). */
export const ARTIFACTS_DIR_ENV = 'BUND_ARTIFACTS_DIR'

export interface PgStoreOptions extends OpenStoreOptions {
  pool?: PoolOptions
  /** The shared artifact folder (default $BUND_ARTIFACTS_DIR, else <dataDir>/artifacts). */
  artifactsDir?: string
}

/** The artifact folder a node uses: the option, else $BUND_ARTIFACTS_DIR, else the data directory's own. */
export function artifactsDirOf(dataDir: string, option?: string): string {
  const env = process.env[ARTIFACTS_DIR_ENV]
  return resolve(option ?? (env !== undefined && env.trim() !== '' ? env : join(dataDir, 'artifacts')))
}

/** A statement in a write's transaction, sent now (pipelined behind the ones before it). */
export type TxQuery = (text: string, values?: unknown[]) => Promise<pg.QueryResult>

/**
 * What a caller sharing the database (the durable job queue) adds to one write's transaction, so
 * that the write and the queue's change commit together or not at all, in the same round trips.
 */
export interface WriteAlong<R = unknown> {
  /** Statements sent right after the chain's head is locked (e.g. sending or completing a job). */
  before?(query: TxQuery): Promise<unknown>
  /** A notification (NOTIFY) delivered when the write commits, from its result. */
  notify?(result: R): { channel: string; payload: string } | undefined
  /** Called once the write committed. */
  committed?(): void
}

/** What recording a run wrote: the run record and its signed publication, if it has one. */
export interface RecordedRun {
  run: RunRecord
  publication?: Publication
}

/** A data-modifying statement folded into the write's last statement (one per write, with its audit entries). */
interface Staged {
  text: string
  values: unknown[]
}

/** The chain's head as the write locked it, and the log's frontier hashes at that size. */
interface Head {
  seq: number
  hash: string
  currentKeyId: string | null
}

const HEAD_SQL = 'SELECT audit_seq, audit_hash, current_key_id FROM instance FOR UPDATE'

/** One write: the audit entries it appends after the head it locked. */
class PgWrite {
  readonly at = new Date().toISOString()
  readonly entries: AuditEntry[] = []
  readonly staged: Staged[] = []
  /** Steps that may only happen once the transaction committed (a rotated key put in place). */
  readonly afterCommit: Array<() => void> = []
  #last: Pick<AuditEntry, 'seq' | 'hash'>

  constructor(
    readonly db: pg.ClientBase,
    readonly head: Head,
    readonly frontier: ReadonlyMap<number, Buffer>,
  ) {
    this.#last = head
  }

  log(actor: string, action: string, subject: string, data: unknown, at = this.at): AuditEntry {
    const entry = nextEntry(this.#last, { at, actor, action, subject, data })
    this.entries.push(entry)
    this.#last = entry
    return entry
  }

  /** A statement ($1… its own) run as part of the write's last statement, beside the audit entries. */
  stage(text: string, ...values: unknown[]): void {
    this.staged.push({ text, values })
  }

  /**
   * The write's last statement: the staged changes, the audit entries, their log hashes and the
   * new head as one statement (data-modifying WITH clauses), and the notification if any. Staged
   * statements see the snapshot the statement started with, not each other's changes.
   */
  finalStatement(notify?: { channel: string; payload: string }): Staged | undefined {
    const values: unknown[] = []
    const add = (text: string, vals: unknown[]) => {
      const base = values.length
      values.push(...vals)
      return text.replace(/\$(\d+)/g, (_, n: string) => `$${base + Number(n)}`)
    }
    const parts = this.staged.map((st, i) => `s${i} AS (${add(st.text, st.values)})`)
    let main: string
    const last = this.entries.at(-1)
    if (last !== undefined) {
      const { idx, hashes } = logHashesToAppend(this.head.seq, this.entries.map(auditLeaf), this.frontier)
      parts.push(`audit_rows AS (${add('INSERT INTO audit (seq, subject, entry) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', [this.entries.map((e) => e.seq), this.entries.map((e) => e.subject), this.entries.map((e) => JSON.stringify(e))])})`)
      parts.push(`log_rows AS (${add('INSERT INTO log_hashes (idx, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])', [idx, hashes])})`)
      main = add('UPDATE instance SET audit_seq = $1, audit_hash = $2', [last.seq, last.hash]) + (notify ? add(' RETURNING pg_notify($1, $2)', [notify.channel, notify.payload]) : '')
    } else if (notify !== undefined) {
      main = add('SELECT pg_notify($1, $2)', [notify.channel, notify.payload])
    } else if (parts.length > 0) {
      main = 'SELECT 1'
    } else {
      return undefined
    }
    return { text: parts.length === 0 ? main : `WITH ${parts.join(', ')} ${main}`, values }
  }
}

type Row = { record: string }

/** Scenario versions kept once read (records that never change). */
const SCENARIOS_KEPT = 1_000

/**
 * How long this node keeps a live token found by its hash and a scenario's newest version
 * (short-lived.ts): a revocation or a new version made on another node takes effect here within
 * about this long; made on this node, at once. Every run submission looks both up.
 */
export const KEPT_READS_MS = 1_000

export class PgStore implements Store {
  readonly artifacts: ArtifactStore
  readonly #pool: pg.Pool
  readonly #where: string
  readonly #readOnly: boolean
  #key: SigningKey | undefined
  #secret: Promise<Buffer> | undefined
  #instanceId: string | undefined
  readonly #pending = new Set<Promise<unknown>>()
  readonly #scenarios = new Map<string, ScenarioRecord>()
  readonly #newest = new ShortLived<ScenarioRecord>(KEPT_READS_MS)
  readonly #liveTokens = new ShortLived<TokenRecord>(KEPT_READS_MS)
  #closed = false

  private constructor(
    readonly dataDir: string,
    pool: pg.Pool,
    where: string,
    readOnly: boolean,
    artifactsDir: string,
  ) {
    this.#pool = pool
    this.#where = where
    this.#readOnly = readOnly
    this.artifacts = new ArtifactStore(artifactsDir)
  }

  /**
   * Connects to `url` and checks the schema is migrated. `dataDir` is the node's own directory,
   * where its keys/ are (see instance-keys.ts); artifacts are in the shared folder
   * `artifactsDirOf` names. A read-only open needs no private key.
   */
  static async open(url: string, dataDir: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const pool = await connectPool(url, options.pool)
    const where = describeDatabase(url)
    try {
      await requireMigrated(pool, where).catch(rethrowFault(where))
      const store = new PgStore(dataDir, pool, where, options.readOnly ?? false, artifactsDirOf(dataDir, options.artifactsDir))
      const lock = store.#readOnly ? undefined : <T>(step: (client: pg.ClientBase) => Promise<T>) => store.#locked(step)
      if (lock !== undefined) store.#key = await loadNodeSigningKey(pool, dataDir, where, lock, { lost: options.signingKeyLost ?? false }).catch(rethrowFault(where))
      store.#instanceId = await loadInstanceIdFrom(pool, dataDir, lock).catch(rethrowFault(where))
      return store
    } catch (e) {
      await pool.end().catch(() => undefined)
      throw e
    }
  }

  /** The pool, for what shares the database (a job queue on the same PostgreSQL). */
  get pool(): pg.Pool {
    return this.#pool
  }

  // ---- transactions --------------------------------------------------------------------------

  /** Runs `step` in a transaction that holds the chain's head lock (the rotation of a key at open). */
  async #locked<T>(step: (client: pg.ClientBase, head: Head) => Promise<T>): Promise<T> {
    return this.#write((w) => step(w.db, w.head))
  }

  /**
   * One write: a transaction that first locks the chain's head; its changes and audit entries
   * (with their log hashes) commit together or not at all. Round trips, with pipelining: the
   * first carries BEGIN, the head lock, the log's frontier, what `along` sends and what `prefetch`
   * reads (each after the lock, so it sees the head it locked); `change` then runs with their
   * answers; the last carries the write's one final statement (see PgWrite.finalStatement) and
   * COMMIT. Statements `change` sends itself through `w.db` add round trips.
   */
  #write<T, P = undefined>(change: (w: PgWrite, pre: NoInfer<P>) => Promise<T>, options: { prefetch?: (query: TxQuery) => Promise<P>; along?: WriteAlong<T> } = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new BundError('STORE_INVALID', 'the store is closed'))
    if (this.#readOnly) return Promise.reject(new BundError('STORE_INVALID', `the store at ${this.#where} was opened read-only`))
    const done = this.#transaction(change, options)
    this.#pending.add(done)
    void done.catch(() => undefined).finally(() => this.#pending.delete(done))
    return done
  }

  async #transaction<T, P>(change: (w: PgWrite, pre: P) => Promise<T>, options: { prefetch?: (query: TxQuery) => Promise<P>; along?: WriteAlong<T> }): Promise<T> {
    const client = await this.#pool.connect().catch(rethrowFault(this.#where))
    // The write's statements, Bund's and those of a caller sharing it (pg-boss's), have fixed
    // texts: each is parsed and planned once per connection (prepared.ts).
    const query: TxQuery = (text, values) => client.query(prepared(text, values))
    let open = false
    try {
      // Sent in one socket write (together.ts), as is the last round trip.
      const first = together(client, () => [
        client.query('BEGIN').then(() => {
          open = true
        }),
        client.query<{ audit_seq: string; audit_hash: string; current_key_id: string | null }>(prepared(HEAD_SQL)),
        client.query<{ idx: string; hash: Buffer }>(prepared(FRONTIER_SQL)),
        options.along?.before?.(query),
        options.prefetch?.(query),
      ] as const)
      const [, head, frontier, , pre] = await settled(first)
      const row = head.rows[0]
      if (row === undefined) throw new BundError('DATABASE_NOT_MIGRATED', `the database at ${this.#where} has no instance row: run \`bund db migrate\``)
      const w = new PgWrite(client, { seq: Number(row.audit_seq), hash: row.audit_hash, currentKeyId: row.current_key_id }, new Map(frontier.rows.map((r) => [Number(r.idx), r.hash])))
      const result = await change(w, pre as P)
      const final = w.finalStatement(options.along?.notify?.(result))
      const [, commit] = await settled(together(client, () => [final === undefined ? undefined : client.query(prepared(final.text, final.values)), client.query('COMMIT')] as const))
      open = false
      // COMMIT answers ROLLBACK when the transaction had failed: never taken for a commit.
      if (commit.command !== 'COMMIT') throw new BundError('DATABASE_UNREACHABLE', `the database at ${this.#where} rolled the write back`)
      for (const step of w.afterCommit) step()
      options.along?.committed?.()
      return result
    } catch (e) {
      if (open) await client.query('ROLLBACK').catch(() => undefined)
      throw asConnectionFault(e, this.#where) ?? e
    } finally {
      client.release()
    }
  }

  async #read<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query()
    } catch (e) {
      throw asConnectionFault(e, this.#where) ?? e
    }
  }

  async #rows<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return this.#read(async () => (await this.#pool.query<R>(prepared(text, values))).rows)
  }

  // ---- registry ------------------------------------------------------------------------------

  async putScenario(record: ScenarioRecord, actor: Actor = 'cli'): Promise<void> {
    await this.#write(async (w) => {
      const existing = (await w.db.query<{ bundle_sha256: string }>('SELECT bundle_sha256 FROM scenarios WHERE id = $1 AND version = $2', [record.id, record.version])).rows[0]
      if (existing !== undefined) {
        if (existing.bundle_sha256 === record.bundleSha256) return
        throw new BundError('VERSION_CONFLICT', `${record.id}@${record.version} is already registered with bundle ${existing.bundle_sha256}; a changed bundle needs a new version`)
      }
      await w.db.query('INSERT INTO scenarios (id, version, author, bundle_sha256, record) VALUES ($1, $2, $3, $4, $5)', [record.id, record.version, record.author, record.bundleSha256, JSON.stringify(record)])
      w.log(actor, 'scenario.registered', `${record.id}@${record.version}`, record)
    })
    this.#newest.clear()
  }

  async getScenario(id: string, version?: string): Promise<ScenarioRecord | undefined> {
    // A registered version never changes and is never removed: once read, it is kept (each run
    // a worker takes reads its scenario version). The newest version is kept KEPT_READS_MS.
    if (version === undefined) return this.#newest.get(id, async () => newestOf(await this.#rows<Row>('SELECT record FROM scenarios WHERE id = $1', [id])))
    const key = `${id}@${version}`
    if (this.#scenarios.has(key)) return this.#scenarios.get(key)
    const found = newestOf(await this.#rows<Row>('SELECT record FROM scenarios WHERE id = $1 AND version = $2', [id, version]))
    if (found !== undefined) {
      if (this.#scenarios.size >= SCENARIOS_KEPT) this.#scenarios.clear()
      this.#scenarios.set(key, found)
    }
    return found
  }

  async listScenarios(): Promise<ScenarioRecord[]> {
    return (await this.#rows<Row>('SELECT record FROM scenarios ORDER BY position')).map((r) => JSON.parse(r.record) as ScenarioRecord)
  }

  // ---- runs and publications -----------------------------------------------------------------

  /**
   * Records a run (and signs and stores its publication) in one write. `along` adds the job
   * queue's own change to the same transaction (the worker completes the run's job there), so the
   * record and the job's end commit together.
   */
  recordRun(run: RunRecord, publication?: Omit<Publication, 'signature' | 'keyId'>, actor: Actor = 'cli', along?: WriteAlong<RecordedRun>): Promise<Publication | undefined> {
    let signed: Publication | undefined
    try {
      // Signed before the head is locked (the key is checked against the head's current key there).
      if (publication !== undefined) signed = this.#signBody(publicationBodyOf(run, publication))
    } catch (e) {
      return Promise.reject(e)
    }
    const recorded = signed === undefined ? run : { ...run, publicationId: signed.id }
    return this.#write<Publication | undefined, pg.QueryResult<{ run: boolean; publication: boolean }>>(
      async (w, known) => {
        if (known.rows[0]?.run === true) throw runAlreadyRecorded(run.id)
        if (signed !== undefined) {
          this.#checkCurrentKey(w)
          if (known.rows[0]?.publication === true) throw publicationExists(signed.id)
        }
        w.stage('INSERT INTO runs (id, scenario, version, status, record) VALUES ($1, $2, $3, $4, $5)', recorded.id, recorded.scenario, recorded.version, recorded.status, JSON.stringify(recorded))
        w.stage('DELETE FROM accepted_runs WHERE id = $1', recorded.id)
        if (signed !== undefined) this.#stagePublication(w, signed)
        for (const e of recordedRunEntries(recorded, actor, signed)) w.log(e.actor, e.action, e.subject, e.data, e.at)
        return signed
      },
      {
        prefetch: (query) => query('SELECT EXISTS (SELECT 1 FROM runs WHERE id = $1) AS run, EXISTS (SELECT 1 FROM publications WHERE id = $2) AS publication', [run.id, signed?.id ?? '']),
        ...(along ? { along: { ...along, notify: (signed) => along.notify?.({ run: recorded, ...(signed ? { publication: signed } : {}) }) } } : {}),
      },
    )
  }

  /** Signs a publication body with this node's key (its id derived from the content). */
  #signBody(body: Omit<Publication, 'id' | 'signature' | 'keyId'>): Publication {
    return signPublication({ id: publicationId(body), ...body }, this.#signingKey())
  }

  /** This node's key must still be the instance's current key (the head's), else it signs nothing. */
  #checkCurrentKey(w: PgWrite): void {
    const key = this.#signingKey()
    if (w.head.currentKeyId !== key.keyId) {
      throw new BundError('KEY_MISMATCH', `this node's signing key ${key.keyId} was retired by a rotation (the current key is ${w.head.currentKeyId}); nothing was signed. Copy the current keys/ to this node and restart it.`)
    }
  }

  /** The publication's row and its version's live count, in the write's last statement (its audit entry is the caller's). */
  #stagePublication(w: PgWrite, p: Publication): void {
    w.stage('INSERT INTO publications (id, run_id, scenario, version, record) VALUES ($1, $2, $3, $4, $5)', p.id, p.runId, p.scenario, p.version, JSON.stringify(p))
    w.stage('INSERT INTO published_versions (scenario, version, publications) VALUES ($1, $2, 1) ON CONFLICT (scenario, version) DO UPDATE SET publications = published_versions.publications + 1', p.scenario, p.version)
  }

  /** Records an accepted run; `along` adds the job queue's change (sending its job) to the same transaction. */
  acceptRun(run: AcceptedRun, along?: WriteAlong<void>): Promise<void> {
    return this.#write<void, pg.QueryResult>(
      async (w, known) => {
        if (known.rowCount !== 0) throw runAlreadyAccepted(run.id)
        w.stage('INSERT INTO accepted_runs (id, accepted_at, record) VALUES ($1, $2, $3)', run.id, run.acceptedAt, JSON.stringify(run))
        const e = acceptedRunEntry(run)
        w.log(e.actor, e.action, e.subject, e.data)
      },
      {
        prefetch: (query) => query('SELECT 1 FROM runs WHERE id = $1 UNION ALL SELECT 1 FROM accepted_runs WHERE id = $1', [run.id]),
        ...(along ? { along } : {}),
      },
    )
  }

  async acceptedRuns(): Promise<AcceptedRun[]> {
    return (await this.#rows<Row>('SELECT record FROM accepted_runs ORDER BY accepted_at, id')).map((r) => JSON.parse(r.record) as AcceptedRun)
  }

  async endAcceptedRun(id: string, error: { code: string; message: string }, actor: Actor): Promise<RunRecord> {
    const row = (await this.#rows<Row>('SELECT record FROM accepted_runs WHERE id = $1', [id]))[0]
    if (row === undefined) throw new BundError('NOT_FOUND', `no accepted run ${id} is waiting`)
    const run = JSON.parse(row.record) as AcceptedRun
    const record = failedAcceptedRun(run, (await this.getScenario(run.scenario, run.version))?.bundleSha256 ?? '', error)
    await this.recordRun(record, undefined, actor)
    return record
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = (await this.#rows<RunRow>('SELECT record, release FROM runs WHERE id = $1', [id]))[0]
    return row === undefined ? undefined : runOf(row)
  }

  /** Recorded runs per status (the durable queue's figures on /healthz and /metrics). */
  async countRuns(): Promise<Record<string, number>> {
    const rows = await this.#rows<{ status: string; n: string }>('SELECT status, count(*) AS n FROM runs GROUP BY status')
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
  }

  /** Newest first. */
  async listRuns(options: ListOptions = {}): Promise<Page<RunRecord>> {
    const q = new Filter()
    if (options.status !== undefined) q.where('r.status = ?', options.status)
    listFilters(q, options)
    return this.#page<RunRow, RunRecord>('runs', q, options, 'record, release', runOf)
  }

  /** One page of `table` (newest first) with the filter's total. */
  async #page<R extends pg.QueryResultRow, T>(table: 'runs' | 'publications', q: Filter, options: PageOptions, columns: string, of: (row: R) => T): Promise<Page<T>> {
    const { offset, limit } = pageBounds(options)
    const total = Number((await this.#rows<{ n: string }>(`SELECT count(*) AS n FROM ${table} r ${q.clause()}`, q.values))[0]?.n ?? 0)
    const items = limit === 0 || offset >= total ? [] : (await this.#rows<R>(`SELECT ${columns} FROM ${table} r ${q.clause()} ORDER BY position DESC ${q.page({ offset, limit })}`, q.values)).map(of)
    return { items, total, offset, limit }
  }

  async getPublication(id: string): Promise<Publication | undefined> {
    const row = (await this.#rows<PublicationRow>('SELECT record, withdrawn FROM publications WHERE id = $1', [id]))[0]
    return row === undefined ? undefined : publicationOf(row)
  }

  /** Newest first; withdrawn ones only with `includeWithdrawn`. */
  async listPublications(options: ListOptions = {}): Promise<Page<Publication>> {
    const q = new Filter()
    if (!options.includeWithdrawn) q.where('r.withdrawn IS NULL')
    listFilters(q, options)
    return this.#page<PublicationRow, Publication>('publications', q, options, 'record, withdrawn', publicationOf)
  }

  /** Kept by each write that publishes or withdraws (table published_versions), never counted per call. */
  async publishedVersions(): Promise<PublishedVersion[]> {
    return (await this.#rows<{ scenario: string; version: string; publications: number }>('SELECT scenario, version, publications FROM published_versions ORDER BY scenario, version')).map((r) => ({ ...r }))
  }

  async releaseRun(runId: string, actor: Actor, reason: string): Promise<Publication> {
    const why = requireReason(reason)
    return this.#write(async (w) => {
      const row = (await w.db.query<RunRow>('SELECT record, release FROM runs WHERE id = $1', [runId])).rows[0]
      if (row === undefined) throw new BundError('NOT_FOUND', `no run ${runId}`)
      const run = runOf(row)
      checkReleasable(run)
      this.#checkCurrentKey(w)
      const signed = this.#signBody(releasedPublicationBody(run, w.at, actor, why))
      if ((await w.db.query('SELECT 1 FROM publications WHERE id = $1', [signed.id])).rowCount !== 0) throw publicationExists(signed.id)
      const release = { at: w.at, by: actor, reason: why, publicationId: signed.id }
      w.stage("UPDATE runs SET status = 'published', release = $2 WHERE id = $1", runId, JSON.stringify(release))
      this.#stagePublication(w, signed)
      w.log(actor, 'run.released', runId, { reason: why, publicationId: signed.id })
      w.log(actor, 'publication.published', signed.id, publishedData(signed))
      return signed
    })
  }

  async withdrawPublication(id: string, actor: Actor, reason: string): Promise<Publication> {
    const why = requireReason(reason)
    return this.#write(async (w) => {
      const row = (await w.db.query<PublicationRow>('SELECT record, withdrawn FROM publications WHERE id = $1', [id])).rows[0]
      if (row === undefined) throw new BundError('NOT_FOUND', `no publication ${id}`)
      const p = publicationOf(row)
      if (p.withdrawn !== undefined) throw new BundError('STATE_CONFLICT', `publication ${id} was already withdrawn at ${p.withdrawn.at} by ${p.withdrawn.by}`)
      const withdrawn = { at: w.at, by: actor, reason: why }
      await w.db.query('UPDATE publications SET withdrawn = $2 WHERE id = $1', [id, JSON.stringify(withdrawn)])
      await countWithdrawn(w.db, p)
      w.log(actor, 'publication.withdrawn', id, withdrawn)
      return { ...p, withdrawn }
    })
  }

  // ---- tokens and author keys ----------------------------------------------------------------

  async addToken(record: TokenRecord, actor: Actor = 'cli'): Promise<void> {
    if (!/^[0-9a-f]{64}$/.test(record.hash)) throw new BundError('USAGE', 'a token is stored by its sha256 (64 hex digits), never in clear')
    return this.#write(async (w) => {
      if ((await w.db.query('SELECT 1 FROM tokens WHERE id = $1', [record.id])).rowCount !== 0) throw new BundError('STATE_CONFLICT', `token ${record.id} already exists`)
      if ((await w.db.query('SELECT 1 FROM tokens WHERE hash = $1', [record.hash])).rowCount !== 0) throw new BundError('STATE_CONFLICT', 'a token with that hash already exists')
      await w.db.query('INSERT INTO tokens (id, hash, revoked, record) VALUES ($1, $2, $3, $4)', [record.id, record.hash, record.revokedAt !== undefined, JSON.stringify(record)])
      const { hash: _hash, ...visible } = record
      w.log(actor, 'token.issued', record.id, visible)
    })
  }

  /** The live (not revoked) token whose sha256 is `hash` (kept KEPT_READS_MS when found). */
  findToken(hash: string): Promise<TokenRecord | undefined> {
    return this.#liveTokens.get(hash, async () => {
      const row = (await this.#rows<Row>('SELECT record FROM tokens WHERE hash = $1 AND NOT revoked', [hash]))[0]
      return row === undefined ? undefined : (JSON.parse(row.record) as TokenRecord)
    })
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.#rows<Row>('SELECT record FROM tokens ORDER BY position')).map((r) => JSON.parse(r.record) as TokenRecord)
  }

  async revokeToken(id: string, actor: Actor): Promise<TokenRecord> {
    const revoked = await this.#write(async (w) => {
      const row = (await w.db.query<Row>('SELECT record FROM tokens WHERE id = $1', [id])).rows[0]
      if (row === undefined) throw new BundError('NOT_FOUND', `no token ${id}`)
      const token = JSON.parse(row.record) as TokenRecord
      if (token.revokedAt !== undefined) throw new BundError('STATE_CONFLICT', `token ${id} was already revoked at ${token.revokedAt}`)
      const revoked = { ...token, revokedAt: w.at }
      await w.db.query('UPDATE tokens SET revoked = true, record = $2 WHERE id = $1', [id, JSON.stringify(revoked)])
      w.log(actor, 'token.revoked', id, { id, revokedAt: w.at })
      return revoked
    })
    this.#liveTokens.clear()
    return revoked
  }

  async putAuthorKey(record: AuthorKeyRecord, actor: Actor = 'cli'): Promise<void> {
    const keyId = keyIdOf(record.publicKey)
    return this.#write(async (w) => {
      await w.db.query('INSERT INTO author_keys (org, record) VALUES ($1, $2) ON CONFLICT (org) DO UPDATE SET record = EXCLUDED.record', [record.org, JSON.stringify(record)])
      w.log(actor, 'author-key.registered', record.org, { org: record.org, keyId, registeredAt: record.registeredAt })
    })
  }

  async getAuthorKey(org: string): Promise<AuthorKeyRecord | undefined> {
    const row = (await this.#rows<Row>('SELECT record FROM author_keys WHERE org = $1', [org]))[0]
    return row === undefined ? undefined : (JSON.parse(row.record) as AuthorKeyRecord)
  }

  async setOrgName(org: string, displayName: string, actor: Actor): Promise<OrgRecord> {
    return this.#write(async (w) => {
      const previous = (await w.db.query<Row>('DELETE FROM orgs WHERE org = $1 RETURNING record', [org])).rows[0]
      const record: OrgRecord = { org, displayName, updatedAt: w.at, updatedBy: actor }
      // Re-inserted, so the list keeps the order in which names were last set.
      await w.db.query('INSERT INTO orgs (org, record) VALUES ($1, $2)', [org, JSON.stringify(record)])
      w.log(actor, 'org.renamed', org, { org, displayName, previous: previous === undefined ? null : (JSON.parse(previous.record) as OrgRecord).displayName })
      return record
    })
  }

  async getOrg(org: string): Promise<OrgRecord | undefined> {
    const row = (await this.#rows<Row>('SELECT record FROM orgs WHERE org = $1', [org]))[0]
    return row === undefined ? undefined : (JSON.parse(row.record) as OrgRecord)
  }

  async listOrgs(): Promise<OrgRecord[]> {
    return (await this.#rows<Row>('SELECT record FROM orgs ORDER BY position')).map((r) => JSON.parse(r.record) as OrgRecord)
  }

  // ---- signing and audit ---------------------------------------------------------------------

  /** The instance's stable id, kept in the database (the log's origin is bund/<id>). */
  instanceId(): string {
    if (this.#instanceId === undefined) throw new BundError('STORE_INVALID', `the database at ${this.#where} has no instance id yet; it is set when a node first opens it for writing`)
    return this.#instanceId
  }

  /** The instance's current public key (the database's, whichever node rotated it last). */
  async publicKey(): Promise<string> {
    const key = await this.#read(() => currentKey(this.#pool))
    if (key === null) throw new BundError('STORE_INVALID', `the database at ${this.#where} has no signing key yet; it is made when a node first opens it for writing`)
    return key.publicKeyPem
  }

  async publicKeys(): Promise<PublicKeyEntry[]> {
    return this.#read(() => keyHistoryOf(this.#pool))
  }

  #signingKey(): SigningKey {
    if (this.#key?.privateKey !== undefined) return this.#key
    if (!this.#readOnly) throw secretMissing(SIGNING_KEY, 'this store was opened to replace a lost key and signs nothing until `bund keys rotate --lost` is done')
    throw new BundError('STORE_INVALID', 'the store was opened read-only; it cannot sign')
  }

  /**
   * A new key pair: its private key goes to this node's keys/ (as `.next` until the database has
   * recorded the rotation), its public key into the database's history; other nodes then refuse to
   * sign (KEY_MISMATCH) until they are given the new key.
   */
  async rotateSigningKey(actor: Actor, reason: string): Promise<{ previous: string | null; current: string }> {
    const why = requireReason(reason)
    return this.#write(async (w) => {
      const previous = w.head.currentKeyId
      const next = prepareRotation(this.dataDir)
      await w.db.query('INSERT INTO signing_keys (key_id, public_key) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [next.keyId, next.publicKeyPem])
      await w.db.query('UPDATE instance SET current_key_id = $1', [next.keyId])
      w.log(actor, 'key.rotated', next.keyId, { previous, current: next.keyId, publicKey: next.publicKeyPem, reason: why })
      w.afterCommit.push(() => {
        completeRotation(this.dataDir)
        this.#key = next
      })
      return { previous, current: next.keyId }
    })
  }

  audit(actor: Actor, action: string, subject: string, data: unknown): Promise<AuditEntry> {
    return this.#write(async (w) => w.log(actor, action, subject, data))
  }

  /** In chain order. */
  async listAudit(options: PageOptions = {}): Promise<Page<AuditEntry>> {
    const { offset, limit } = pageBounds(options)
    const total = Number((await this.#rows<{ n: string }>('SELECT audit_seq AS n FROM instance'))[0]?.n ?? 0)
    // seq is 1..total with no gaps, so a page is a range of the primary key.
    const items = (await this.#rows<{ entry: string }>('SELECT entry FROM audit WHERE seq > $1 AND seq <= $2 ORDER BY seq', [offset, Math.min(total, offset + limit)])).map((r) => JSON.parse(r.entry) as AuditEntry)
    return { items, total, offset, limit }
  }

  async auditOf(subject: string): Promise<AuditEntry[]> {
    return (await this.#rows<{ entry: string }>('SELECT entry FROM audit WHERE subject = $1 ORDER BY seq', [subject])).map((r) => JSON.parse(r.entry) as AuditEntry)
  }

  /** Recomputes the chain up to the head recorded when the check began, in batches. */
  async verifyAudit(): Promise<AuditVerification> {
    const head = (await this.#rows<{ audit_seq: string; audit_hash: string }>('SELECT audit_seq, audit_hash FROM instance'))[0]
    const headSeq = Number(head?.audit_seq ?? 0)
    let prev = { seq: 0, hash: GENESIS_HASH }
    for (;;) {
      const batch = (await this.#rows<{ entry: string }>('SELECT entry FROM audit WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 5000', [prev.seq, headSeq])).map((r) => JSON.parse(r.entry) as AuditEntry)
      if (batch.length === 0) break
      const broken = checkLinks(batch, prev)
      if (broken !== undefined) return { ok: false, entries: prev.seq + batch.length, broken }
      const last = batch.at(-1) as AuditEntry
      prev = { seq: last.seq, hash: last.hash }
    }
    if (prev.seq < headSeq) return { ok: false, entries: prev.seq, broken: { seq: prev.seq + 1, reason: `the database's head records ${headSeq} entries but only ${prev.seq} are left: the end of the chain was removed` } }
    if (prev.seq > 0 && prev.hash !== head?.audit_hash) return { ok: false, entries: prev.seq, broken: { seq: prev.seq, reason: "its hash is not the last hash the database's head recorded" } }
    return { ok: true, entries: prev.seq }
  }

  /** The log as of now: its size from the head; nodes read in one query per batch (complete subtrees never change). */
  async logHashes(): Promise<StoredTreeHashes> {
    const size = Number((await this.#rows<{ n: string }>('SELECT audit_seq AS n FROM instance'))[0]?.n ?? 0)
    return { size, nodes: (positions: readonly NodePosition[]) => this.#read(() => readLogHashes(this.#pool, size, positions)) }
  }

  sign(message: Uint8Array): Buffer {
    return sign(null, message, this.#signingKey().privateKey as KeyObject)
  }

  /** The instance's evaluation secret as this node holds it, checked against the database's fingerprint. */
  evaluationSecret(): Promise<Buffer> {
    this.#secret ??= loadNodeEvaluationSecret(this.#pool, this.dataDir, this.#where).catch((e: unknown) => {
      this.#secret = undefined
      throw asConnectionFault(e, this.#where) ?? e
    })
    return this.#secret
  }

  writeFault(): BundError | undefined {
    return undefined
  }

  /** Nothing is sealed in segments here. */
  async missingSegments(): Promise<[]> {
    return []
  }

  /** Waits for pending writes and closes the pool. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await Promise.allSettled([...this.#pending])
    await this.#pool.end()
  }
}

type RunRow = { record: string; release: string | null }
type PublicationRow = { record: string; withdrawn: string | null }

/** The newest version among scenario rows (semver order). */
function newestOf(rows: Row[]): ScenarioRecord | undefined {
  return rows.map((r) => JSON.parse(r.record) as ScenarioRecord).sort((a, b) => compareVersions(b.version, a.version))[0]
}

/** A run with its release (an amendment kept beside the record) applied. */
function runOf(row: RunRow): RunRecord {
  const run = JSON.parse(row.record) as RunRecord
  if (row.release === null) return run
  const { publicationId, ...release } = JSON.parse(row.release) as { at: string; by: string; reason: string; publicationId: string }
  return { ...run, status: 'published', release, publicationId }
}

function publicationOf(row: PublicationRow): Publication {
  const p = JSON.parse(row.record) as Publication
  return row.withdrawn === null ? p : { ...p, withdrawn: JSON.parse(row.withdrawn) }
}

/** A WHERE clause built from optional conditions, `?` numbered as the values are added. */
class Filter {
  readonly values: unknown[] = []
  readonly #conditions: string[] = []

  where(condition: string, ...values: unknown[]): void {
    this.#conditions.push(condition.replace(/\?/g, () => this.#param(values.shift())))
  }

  clause(): string {
    return this.#conditions.length === 0 ? '' : `WHERE ${this.#conditions.join(' AND ')}`
  }

  page(bounds: { offset: number; limit: number }): string {
    return `OFFSET ${this.#param(bounds.offset)} LIMIT ${this.#param(bounds.limit)}`
  }

  #param(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

/** The filters runs and publications share: scenario, version, and org (the `org` of `org/name`). */
function listFilters(q: Filter, options: ListOptions): void {
  if (options.scenario !== undefined) q.where('r.scenario = ?', options.scenario)
  if (options.version !== undefined) q.where('r.version = ?', options.version)
  if (options.org !== undefined) q.where("left(r.scenario, length(?) + 1) = ? || '/'", options.org, options.org)
}

/** Keeps published_versions: one fewer live publication of the publication's version (a withdrawal). */
async function countWithdrawn(db: pg.ClientBase, p: Pick<Publication, 'scenario' | 'version'>): Promise<void> {
  await db.query('UPDATE published_versions SET publications = publications - 1 WHERE scenario = $1 AND version = $2', [p.scenario, p.version])
  await db.query('DELETE FROM published_versions WHERE scenario = $1 AND version = $2 AND publications = 0', [p.scenario, p.version])
}

/** Every promise (or value) settled; the first failure, in the order given, is thrown. */
async function settled<T extends readonly unknown[]>(values: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(values)
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> }
}

/** A connection fault as DATABASE_UNREACHABLE; anything else unchanged. */
function rethrowFault(where: string): (e: unknown) => never {
  return (e) => {
    throw asConnectionFault(e, where) ?? e
  }
}
