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
import { checkReleasable, failedAcceptedRun, releasedPublicationBody, requireReason } from '../write-rules.js'
import { ArtifactStore } from '../artifacts.js'
import { asConnectionFault, connectPool, describeDatabase, type PoolOptions } from './connection.js'
import { currentKey, keyHistoryOf, loadInstanceIdFrom, loadNodeEvaluationSecret, loadNodeSigningKey } from './instance-keys.js'
import { appendLogHashes, readLogHashes } from './log-hashes.js'
import { requireMigrated } from './migrate.js'

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

/** One write: the audit entries it appends after the head it locked. */
class PgWrite {
  readonly at = new Date().toISOString()
  readonly entries: AuditEntry[] = []
  /** Steps that may only happen once the transaction committed (a rotated key put in place). */
  readonly afterCommit: Array<() => void> = []
  #last: Pick<AuditEntry, 'seq' | 'hash'>

  constructor(
    readonly db: pg.ClientBase,
    readonly head: { seq: number; hash: string; currentKeyId: string | null },
  ) {
    this.#last = head
  }

  log(actor: string, action: string, subject: string, data: unknown, at = this.at): AuditEntry {
    const entry = nextEntry(this.#last, { at, actor, action, subject, data })
    this.entries.push(entry)
    this.#last = entry
    return entry
  }
}

type Row = { record: string }

export class PgStore implements Store {
  readonly artifacts: ArtifactStore
  readonly #pool: pg.Pool
  readonly #where: string
  readonly #readOnly: boolean
  #key: SigningKey | undefined
  #secret: Promise<Buffer> | undefined
  #instanceId: string | undefined
  readonly #pending = new Set<Promise<unknown>>()
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

  /** Runs `step` in a transaction that holds the chain's head lock. */
  async #locked<T>(step: (client: pg.ClientBase, head: PgWrite['head']) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect().catch(rethrowFault(this.#where))
    try {
      await client.query('BEGIN')
      const r = await client.query<{ audit_seq: string; audit_hash: string; current_key_id: string | null }>('SELECT audit_seq, audit_hash, current_key_id FROM instance FOR UPDATE')
      const row = r.rows[0]
      if (row === undefined) throw new BundError('DATABASE_NOT_MIGRATED', `the database at ${this.#where} has no instance row: run \`bund db migrate\``)
      const result = await step(client, { seq: Number(row.audit_seq), hash: row.audit_hash, currentKeyId: row.current_key_id })
      await client.query('COMMIT')
      return result
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw asConnectionFault(e, this.#where) ?? e
    } finally {
      client.release()
    }
  }

  /** One write: its changes and audit entries (with their log hashes) commit together or not at all. */
  #write<T>(change: (w: PgWrite) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new BundError('STORE_INVALID', 'the store is closed'))
    if (this.#readOnly) return Promise.reject(new BundError('STORE_INVALID', `the store at ${this.#where} was opened read-only`))
    const done = (async () => {
      const w = await this.#locked(async (client, head) => {
        const w = new PgWrite(client, head)
        const result = await change(w)
        if (w.entries.length > 0) {
          const last = w.entries.at(-1) as AuditEntry
          await client.query('INSERT INTO audit (seq, subject, entry) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', [
            w.entries.map((e) => e.seq),
            w.entries.map((e) => e.subject),
            w.entries.map((e) => JSON.stringify(e)),
          ])
          await appendLogHashes(client, head.seq, w.entries.map(auditLeaf))
          await client.query('UPDATE instance SET audit_seq = $1, audit_hash = $2', [last.seq, last.hash])
        }
        return Object.assign(w, { result })
      })
      for (const step of w.afterCommit) step()
      return w.result
    })()
    this.#pending.add(done)
    void done.catch(() => undefined).finally(() => this.#pending.delete(done))
    return done
  }

  async #read<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query()
    } catch (e) {
      throw asConnectionFault(e, this.#where) ?? e
    }
  }

  async #rows<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return this.#read(async () => (await this.#pool.query<R>(text, values)).rows)
  }

  // ---- registry ------------------------------------------------------------------------------

  putScenario(record: ScenarioRecord, actor: Actor = 'cli'): Promise<void> {
    return this.#write(async (w) => {
      const existing = (await w.db.query<{ bundle_sha256: string }>('SELECT bundle_sha256 FROM scenarios WHERE id = $1 AND version = $2', [record.id, record.version])).rows[0]
      if (existing !== undefined) {
        if (existing.bundle_sha256 === record.bundleSha256) return
        throw new BundError('VERSION_CONFLICT', `${record.id}@${record.version} is already registered with bundle ${existing.bundle_sha256}; a changed bundle needs a new version`)
      }
      await w.db.query('INSERT INTO scenarios (id, version, author, bundle_sha256, record) VALUES ($1, $2, $3, $4, $5)', [record.id, record.version, record.author, record.bundleSha256, JSON.stringify(record)])
      w.log(actor, 'scenario.registered', `${record.id}@${record.version}`, record)
    })
  }

  async getScenario(id: string, version?: string): Promise<ScenarioRecord | undefined> {
    const rows = version === undefined ? await this.#rows<Row>('SELECT record FROM scenarios WHERE id = $1', [id]) : await this.#rows<Row>('SELECT record FROM scenarios WHERE id = $1 AND version = $2', [id, version])
    return rows.map((r) => JSON.parse(r.record) as ScenarioRecord).sort((a, b) => compareVersions(b.version, a.version))[0]
  }

  async listScenarios(): Promise<ScenarioRecord[]> {
    return (await this.#rows<Row>('SELECT record FROM scenarios ORDER BY position')).map((r) => JSON.parse(r.record) as ScenarioRecord)
  }

  // ---- runs and publications -----------------------------------------------------------------

  recordRun(run: RunRecord, publication?: Omit<Publication, 'signature' | 'keyId'>, actor: Actor = 'cli'): Promise<Publication | undefined> {
    return this.#write(async (w) => {
      if ((await w.db.query('SELECT 1 FROM runs WHERE id = $1', [run.id])).rowCount !== 0) throw new BundError('STATE_CONFLICT', `run ${run.id} is already recorded`)
      const { scenario, version, bundleSha256, seed, rows, params } = run
      w.log(actor, 'run.started', run.id, { scenario, version, bundleSha256, seed, rows, params }, run.startedAt)
      let signed: Publication | undefined
      if (publication !== undefined) {
        if (run.status !== 'published') throw new BundError('STATE_CONFLICT', `run ${run.id} is ${run.status}; only a published run has a publication`)
        if (publication.runId !== run.id) throw new BundError('STATE_CONFLICT', `publication is of run ${publication.runId}, not ${run.id}`)
        // The id is derived from the content, whoever built the body.
        const { id: _id, ...body } = publication
        signed = await this.#sign(w, body)
        run = { ...run, publicationId: signed.id }
      }
      await w.db.query('INSERT INTO runs (id, scenario, version, status, record) VALUES ($1, $2, $3, $4, $5)', [run.id, run.scenario, run.version, run.status, JSON.stringify(run)])
      await w.db.query('DELETE FROM accepted_runs WHERE id = $1', [run.id])
      w.log(actor, 'run.finished', run.id, run, run.finishedAt)
      if (run.status === 'held') w.log(actor, 'run.held', run.id, { failed: run.verdicts.filter((v) => v.status === 'fail').map((v) => v.rule) })
      if (signed !== undefined) await this.#publish(w, signed, actor)
      return signed
    })
  }

  /** Signs a publication body with this node's key, which must still be the instance's current key. */
  async #sign(w: PgWrite, body: Omit<Publication, 'id' | 'signature' | 'keyId'>): Promise<Publication> {
    const key = this.#signingKey()
    if (w.head.currentKeyId !== key.keyId) {
      throw new BundError('KEY_MISMATCH', `this node's signing key ${key.keyId} was retired by a rotation (the current key is ${w.head.currentKeyId}); nothing was signed. Copy the current keys/ to this node and restart it.`)
    }
    const signed = signPublication({ id: publicationId(body), ...body }, key)
    if ((await w.db.query('SELECT 1 FROM publications WHERE id = $1', [signed.id])).rowCount !== 0) throw new BundError('STATE_CONFLICT', `publication ${signed.id} already exists`)
    return signed
  }

  async #publish(w: PgWrite, p: Publication, actor: Actor): Promise<void> {
    await w.db.query('INSERT INTO publications (id, run_id, scenario, version, record) VALUES ($1, $2, $3, $4, $5)', [p.id, p.runId, p.scenario, p.version, JSON.stringify(p)])
    await countLive(w.db, p, 1)
    w.log(actor, 'publication.published', p.id, publishedData(p))
  }

  acceptRun(run: AcceptedRun): Promise<void> {
    return this.#write(async (w) => {
      const known = await w.db.query('SELECT 1 FROM runs WHERE id = $1 UNION ALL SELECT 1 FROM accepted_runs WHERE id = $1', [run.id])
      if (known.rowCount !== 0) throw new BundError('STATE_CONFLICT', `run ${run.id} was already accepted`)
      await w.db.query('INSERT INTO accepted_runs (id, accepted_at, record) VALUES ($1, $2, $3)', [run.id, run.acceptedAt, JSON.stringify(run)])
      const { id: _id, ...data } = run
      w.log(run.actor, 'run.accepted', run.id, data)
    })
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
      const signed = await this.#sign(w, releasedPublicationBody(run, w.at, actor, why))
      const release = { at: w.at, by: actor, reason: why, publicationId: signed.id }
      await w.db.query("UPDATE runs SET status = 'published', release = $2 WHERE id = $1", [runId, JSON.stringify(release)])
      w.log(actor, 'run.released', runId, { reason: why, publicationId: signed.id })
      await this.#publish(w, signed, actor)
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
      await countLive(w.db, p, -1)
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

  /** The live (not revoked) token whose sha256 is `hash`. */
  async findToken(hash: string): Promise<TokenRecord | undefined> {
    const row = (await this.#rows<Row>('SELECT record FROM tokens WHERE hash = $1 AND NOT revoked', [hash]))[0]
    return row === undefined ? undefined : (JSON.parse(row.record) as TokenRecord)
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.#rows<Row>('SELECT record FROM tokens ORDER BY position')).map((r) => JSON.parse(r.record) as TokenRecord)
  }

  revokeToken(id: string, actor: Actor): Promise<TokenRecord> {
    return this.#write(async (w) => {
      const row = (await w.db.query<Row>('SELECT record FROM tokens WHERE id = $1', [id])).rows[0]
      if (row === undefined) throw new BundError('NOT_FOUND', `no token ${id}`)
      const token = JSON.parse(row.record) as TokenRecord
      if (token.revokedAt !== undefined) throw new BundError('STATE_CONFLICT', `token ${id} was already revoked at ${token.revokedAt}`)
      const revoked = { ...token, revokedAt: w.at }
      await w.db.query('UPDATE tokens SET revoked = true, record = $2 WHERE id = $1', [id, JSON.stringify(revoked)])
      w.log(actor, 'token.revoked', id, { id, revokedAt: w.at })
      return revoked
    })
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

/** Keeps published_versions: one more (or one fewer) live publication of the publication's version. */
async function countLive(db: pg.ClientBase, p: Pick<Publication, 'scenario' | 'version'>, delta: 1 | -1): Promise<void> {
  if (delta === 1) {
    await db.query('INSERT INTO published_versions (scenario, version, publications) VALUES ($1, $2, 1) ON CONFLICT (scenario, version) DO UPDATE SET publications = published_versions.publications + 1', [p.scenario, p.version])
    return
  }
  await db.query('UPDATE published_versions SET publications = publications - 1 WHERE scenario = $1 AND version = $2', [p.scenario, p.version])
  await db.query('DELETE FROM published_versions WHERE scenario = $1 AND version = $2 AND publications = 0', [p.scenario, p.version])
}

/** A connection fault as DATABASE_UNREACHABLE; anything else unchanged. */
function rethrowFault(where: string): (e: unknown) => never {
  return (e) => {
    throw asConnectionFault(e, where) ?? e
  }
}
