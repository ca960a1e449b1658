/**
 * `bund db import <data-dir>`: moves an embedded store into an empty, migrated PostgreSQL database
 * with every record, signature, audit entry and artifact as it was. The source is checked first (a
 * broken chain, a publication whose signature, id or audit entries do not match, or a corrupt
 * artifact is refused with its code and nothing is written); artifacts go to the instance's shared
 * artifact folder, every record in one transaction; then the database side is checked again
 * through the PostgreSQL store itself.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'
import { BundError } from '../../kernel/errors.js'
import { rootAt, withStoredHashes } from '../../tlog/tree.js'
import { collectAll } from '../paging.js'
import { auditLeaf, dataHash } from '../audit-chain.js'
import { EVALUATION_SECRET_FILE, loadEvaluationSecret } from '../evaluation-secret.js'
import type { AuditEntry, Publication, RunRecord } from '../../model/index.js'
import { hasSecretFile } from '../secret-file.js'
import { checkSignature, publicationId } from '../signing.js'
import type { Store } from '../store.js'
import { expectedEntries } from '../transparency-log.js'
import { describeDatabase, connectPool } from './connection.js'
import { secretFingerprint } from './instance-keys.js'
import { appendLogHashes } from './log-hashes.js'
import { requireMigrated } from './migrate.js'
import { PgStore, artifactsDirOf } from './pg-store.js'
import { ArtifactStore } from '../artifacts.js'

/** What was moved and checked. */
export interface ImportReport {
  scenarios: number
  runs: number
  publications: number
  /** Publications whose signature was verified on the PostgreSQL side (with the key their keyId names). */
  signaturesVerified: number
  tokens: number
  authorKeys: number
  acceptedRuns: number
  orgs: number
  auditEntries: number
  artifacts: number
  signingKeys: number
  /** The transparency log's root at its full size, the same on both sides (base64). */
  logRoot: string
}

type Source = Store

/** Imports the store `openSource` opens (read-only) into the database at `url`; the database is checked first. */
export async function importEmbedded(url: string, openSource: () => Promise<Source>, options: { artifactsDir?: string } = {}): Promise<ImportReport & { source: string; artifactsDir: string }> {
  const where = describeDatabase(url)
  const pool = await connectPool(url)
  try {
    await requireMigrated(pool, where)
    const source = await openSource()
    try {
      const snapshot = await readAndCheckSource(source)
      const artifactsDir = artifactsDirOf(source.dataDir, options.artifactsDir)
      await copyInto(pool, where, source, snapshot, new ArtifactStore(artifactsDir))
      return { source: source.dataDir, artifactsDir, ...(await checkTarget(url, source.dataDir, snapshot, artifactsDir)) }
    } finally {
      await source.close()
    }
  } finally {
    await pool.end().catch(() => undefined)
  }
}

interface Snapshot {
  audit: AuditEntry[]
  publications: Publication[]
  runs: RunRecord[]
  artifacts: string[]
  logRoot: string
  instanceId: string
}

async function readAndCheckSource(source: Source): Promise<Snapshot> {
  const chain = await source.verifyAudit()
  if (!chain.ok) {
    throw new BundError('AUDIT_BROKEN', `the audit chain of ${source.dataDir} is broken at entry #${chain.broken?.seq}: ${chain.broken?.reason}. Nothing was imported; run \`bund doctor --data-dir ${source.dataDir}\`.`)
  }
  const audit = await collectAll((o) => source.listAudit(o), {})
  const keys = await source.publicKeys()
  // Oldest first, as they were written.
  const publications = (await collectAll((o) => source.listPublications(o), { includeWithdrawn: true })).reverse()
  const runs = (await collectAll((o) => source.listRuns(o), {})).reverse()
  const bySubject = new Map<string, AuditEntry[]>()
  for (const e of audit) bySubject.set(e.subject, [...(bySubject.get(e.subject) ?? []), e])
  for (const p of publications) {
    const key = keys.find((k) => k.keyId === p.keyId)
    const tampered = (why: string) => new BundError('PUBLICATION_TAMPERED', `publication ${p.id} in ${source.dataDir}: ${why}. Nothing was imported.`, { publication: p.id })
    if (key === undefined) throw tampered(`it names signing key ${p.keyId}, which is not in the store's key history`)
    const signature = checkSignature(p, key.publicKey)
    if (!signature.ok) throw tampered(signature.reason)
    const { id, signature: _s, keyId: _k, withdrawn: _w, ...body } = p
    if (publicationId(body) !== id) throw tampered(`its content gives id ${publicationId(body)}`)
    for (const want of expectedEntries(p)) {
      if (!(bySubject.get(want.subject) ?? []).some((e) => e.action === want.action && e.dataHash === want.dataHash)) throw tampered(`no ${want.action} audit entry records it as it is`)
    }
  }
  for (const r of runs) {
    const finished = (bySubject.get(r.id) ?? []).find((e) => e.action === 'run.finished')
    if (finished !== undefined && finished.dataHash !== dataHash(originalRun(r))) {
      throw new BundError('STORE_INVALID', `run ${r.id} in ${source.dataDir} differs from what its run.finished audit entry recorded. Nothing was imported.`)
    }
  }
  const artifacts = listArtifacts(join(source.dataDir, 'artifacts'))
  for (const hash of artifacts) {
    try {
      await source.artifacts.get(hash)
    } catch (e) {
      throw new BundError('ARTIFACT_TAMPERED', `${(e as Error).message}. Nothing was imported; run \`bund doctor --data-dir ${source.dataDir}\`.`)
    }
  }
  const tree = await source.logHashes()
  return { audit, publications, runs, artifacts, logRoot: (await withStoredHashes(tree, (t) => rootAt(t, audit.length))).toString('base64'), instanceId: await source.instanceId() }
}

/** A run as its run.finished entry recorded it: a release is an amendment kept beside it. */
function originalRun(r: RunRecord): RunRecord {
  if (r.release === undefined) return r
  const { release: _release, publicationId: _p, ...held } = r
  return { ...held, status: 'held' }
}

/** Every artifact file name (its sha256) under `dir/ab/`. */
function listArtifacts(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const sub of readdirSync(dir)) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue
    for (const name of readdirSync(join(dir, sub))) if (/^[0-9a-f]{64}$/.test(name) && name.startsWith(sub)) out.push(name)
  }
  return out.sort()
}

async function copyInto(pool: pg.Pool, where: string, source: Source, s: Snapshot, artifacts: ArtifactStore): Promise<void> {
  // Artifacts first, as the runner writes them before the records that name them (a no-op when
  // the shared folder is the source's own).
  for (const hash of s.artifacts) artifacts.put(await source.artifacts.get(hash))
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const head = (await client.query<{ audit_seq: string; current_key_id: string | null }>('SELECT audit_seq, current_key_id FROM instance FOR UPDATE')).rows[0]
    const used = await client.query<{ n: string }>('SELECT (SELECT count(*) FROM scenarios) + (SELECT count(*) FROM tokens) AS n')
    if (Number(head?.audit_seq ?? 0) !== 0 || head?.current_key_id != null || Number(used.rows[0]?.n ?? 0) !== 0) {
      throw new BundError('STATE_CONFLICT', `the database at ${where} already holds data (${head?.audit_seq ?? 0} audit entries); import only into a database that \`bund db migrate\` has just created`)
    }
    for (const sc of await source.listScenarios()) {
      await client.query('INSERT INTO scenarios (id, version, author, bundle_sha256, record) VALUES ($1, $2, $3, $4, $5)', [sc.id, sc.version, sc.author, sc.bundleSha256, JSON.stringify(sc)])
    }
    for (const r of s.runs) {
      const release = r.release === undefined ? null : JSON.stringify({ ...r.release, publicationId: r.publicationId })
      await client.query('INSERT INTO runs (id, scenario, version, status, record, release) VALUES ($1, $2, $3, $4, $5, $6)', [r.id, r.scenario, r.version, r.status, JSON.stringify(originalRun(r)), release])
    }
    for (const p of s.publications) {
      const { withdrawn, ...record } = p
      await client.query('INSERT INTO publications (id, run_id, scenario, version, record, withdrawn) VALUES ($1, $2, $3, $4, $5, $6)', [p.id, p.runId, p.scenario, p.version, JSON.stringify(record), withdrawn === undefined ? null : JSON.stringify(withdrawn)])
    }
    await client.query('INSERT INTO published_versions (scenario, version, publications) SELECT scenario, version, count(*) FROM publications WHERE withdrawn IS NULL GROUP BY scenario, version')
    for (const t of await source.listTokens()) await client.query('INSERT INTO tokens (id, hash, revoked, record) VALUES ($1, $2, $3, $4)', [t.id, t.hash, t.revokedAt !== undefined, JSON.stringify(t)])
    const orgs = [...new Set(s.audit.filter((e) => e.action === 'author-key.registered').map((e) => e.subject))]
    for (const org of orgs) {
      const key = await source.getAuthorKey(org)
      if (key !== undefined) await client.query('INSERT INTO author_keys (org, record) VALUES ($1, $2)', [org, JSON.stringify(key)])
    }
    for (const a of await source.acceptedRuns()) await client.query('INSERT INTO accepted_runs (id, accepted_at, record) VALUES ($1, $2, $3)', [a.id, a.acceptedAt, JSON.stringify(a)])
    const keys = await source.publicKeys()
    for (const k of [...keys.filter((k) => !k.current), ...keys.filter((k) => k.current)]) await client.query('INSERT INTO signing_keys (key_id, public_key) VALUES ($1, $2)', [k.keyId, k.publicKey])
    const current = keys.find((k) => k.current)?.keyId ?? null
    const secretCheck = hasSecretFile(source.dataDir, EVALUATION_SECRET_FILE) ? secretFingerprint(loadEvaluationSecret(source.dataDir)) : null
    // The chain, as it was, with the log's hashes, in batches.
    for (let i = 0; i < s.audit.length; i += 1000) {
      const batch = s.audit.slice(i, i + 1000)
      await client.query('INSERT INTO audit (seq, subject, entry) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', [batch.map((e) => e.seq), batch.map((e) => e.subject), batch.map((e) => JSON.stringify(e))])
      await appendLogHashes(client, i, batch.map(auditLeaf))
    }
    const last = s.audit.at(-1)
    for (const o of await source.listOrgs()) await client.query('INSERT INTO orgs (org, record) VALUES ($1, $2)', [o.org, JSON.stringify(o)])
    await client.query('UPDATE instance SET audit_seq = $1, audit_hash = COALESCE($2, audit_hash), current_key_id = $3, evaluation_secret_check = $4, instance_id = $5', [
      last?.seq ?? 0,
      last?.hash ?? null,
      current,
      secretCheck,
      s.instanceId,
    ])
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  } finally {
    client.release()
  }
}

/** Reads everything back through the PostgreSQL store: counts, every signature, the chain, the log root. */
async function checkTarget(url: string, dataDir: string, s: Snapshot, artifactsDir: string): Promise<ImportReport> {
  const store = await PgStore.open(url, dataDir, { readOnly: true, artifactsDir })
  try {
    const failed = (what: string) => new BundError('STORE_INVALID', `after the import, ${what} in the database; the import is not trustworthy: drop the database, migrate it again and re-import`)
    const chain = await store.verifyAudit()
    if (!chain.ok || chain.entries !== s.audit.length) throw failed(`the audit chain does not verify (${chain.entries} of ${s.audit.length} entries; ${chain.broken?.reason ?? ''})`)
    const keys = await store.publicKeys()
    const publications = await collectAll((o) => store.listPublications(o), { includeWithdrawn: true })
    if (publications.length !== s.publications.length) throw failed(`${publications.length} of ${s.publications.length} publications are`)
    for (const p of publications) {
      const key = keys.find((k) => k.keyId === p.keyId)
      if (key === undefined || !checkSignature(p, key.publicKey).ok) throw failed(`publication ${p.id}'s signature does not verify`)
    }
    const tree = await store.logHashes()
    const logRoot = (await withStoredHashes(tree, (t) => rootAt(t, t.size))).toString('base64')
    if (tree.size !== s.audit.length || logRoot !== s.logRoot) throw failed("the transparency log's root is not the source's")
    if (store.instanceId() !== s.instanceId) throw failed("the instance id (the log's origin) is not the source's")
    const count = async (table: string) => Number((await store.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0)
    const runs = await count('runs')
    if (runs !== s.runs.length) throw failed(`${runs} of ${s.runs.length} runs are`)
    for (const hash of s.artifacts) {
      try {
        store.artifacts.get(hash)
      } catch (e) {
        throw failed(`artifact ${hash} is not intact in ${artifactsDir} (${(e as Error).message})`)
      }
    }
    const artifacts = s.artifacts.length
    return {
      scenarios: await count('scenarios'),
      runs,
      publications: publications.length,
      signaturesVerified: publications.length,
      tokens: await count('tokens'),
      authorKeys: await count('author_keys'),
      acceptedRuns: await count('accepted_runs'),
      orgs: await count('orgs'),
      auditEntries: chain.entries,
      artifacts,
      signingKeys: keys.length,
      logRoot,
    }
  } finally {
    await store.close()
  }
}
