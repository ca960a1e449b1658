/**
 * `bund db import <data-dir>`: an embedded store moves into PostgreSQL with every record, signature,
 * audit entry, artifact and key-history entry intact, verified on the PostgreSQL side; a tampered
 * source is refused with its code and nothing is written.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Publication, checkSignature, generateAuthorKeyPair, openStore, sha256, tlog } from '@bund/core'
import { PgStore, connectPool, migrate } from '@bund/core/postgres'
import { afterAll, expect, it } from 'vitest'
import { bund, tempDir } from '../helpers/cli.js'
import { type TestDatabase, describePostgres, freshDatabase } from '../helpers/postgres.js'
import { fakeRun, publish } from '../helpers/store-records.js'

const databases: TestDatabase[] = []
async function migrated(): Promise<TestDatabase> {
  const db = await freshDatabase()
  databases.push(db)
  const pool = await connectPool(db.url)
  await migrate(pool)
  await pool.end()
  return db
}

/** An embedded store with a bit of everything: publications, a held run released, a withdrawal, a token, an author key, a key rotation, an accepted run. */
async function embeddedStore(): Promise<{ dir: string; publications: Publication[]; root: string; entries: number; instanceId: string }> {
  const dir = tempDir()
  const store = await openStore(dir)
  const publications = [await publish(store, 1), await publish(store, 2)]
  await store.recordRun(fakeRun(3, 'held').run)
  publications.push(await store.releaseRun('run_3', 'operator:tok_1', 'checked by hand'))
  await store.withdrawPublication(publications[0]?.id as string, 'operator:tok_1', 'wrong seed')
  await store.addToken({ id: 'tok_1', hash: sha256('bund_x'), role: 'operator', createdAt: new Date().toISOString() })
  await store.putAuthorKey({ org: 'acme', publicKey: generateAuthorKeyPair().publicKey, registeredAt: new Date().toISOString() })
  await store.setOrgName('acme', 'Acme Lending Ltd', 'cli')
  await store.rotateSigningKey('cli', 'test rotation')
  publications.push(await publish(store, 4))
  await store.acceptRun({ id: 'run_waiting', scenario: 'acme/fake', version: '1.0.0', seed: 9, rows: null, params: {}, actor: 'cli', acceptedAt: new Date().toISOString() })
  const tree = await store.logHashes()
  const root = (await tlog.withStoredHashes(tree, (t) => tlog.rootAt(t, t.size))).toString('base64')
  const entries = (await store.verifyAudit()).entries
  const instanceId = store.instanceId()
  await store.close()
  return { dir, publications, root, entries, instanceId }
}

describePostgres('bund db import', () => {
  afterAll(async () => {
    for (const db of databases) await db.drop()
  })

  it('moves an embedded store with every signature and the chain intact, and verifies it there', async () => {
    const source = await embeddedStore()
    const db = await migrated()
    const shared = tempDir()
    const r = await bund(['db', 'import', source.dir, '--database-url', db.url, '--artifacts-dir', shared, '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report).toMatchObject({ runs: 4, publications: 4, signaturesVerified: 4, tokens: 1, authorKeys: 1, acceptedRuns: 1, orgs: 1, auditEntries: source.entries, signingKeys: 2, logRoot: source.root })
    // The bundle and the outputs of runs 1, 2 and 4 (run 3 was recorded without its artifact).
    expect(report.artifacts).toBe(4)

    // A node with the data dir's keys/ opens it and sees the same history.
    const store = await PgStore.open(db.url, source.dir, { artifactsDir: shared })
    try {
      // The artifacts are in the shared folder, intact.
      for (const p of source.publications.filter((p) => p.runId !== 'run_3')) expect(sha256(store.artifacts.get(p.outputHash))).toBe(p.outputHash)
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: source.entries })
      const keys = await store.publicKeys()
      for (const p of source.publications) {
        const back = (await store.getPublication(p.id)) as Publication
        expect(back.signature).toBe(p.signature)
        expect(checkSignature(back, keys.find((k) => k.keyId === back.keyId)?.publicKey as string).ok).toBe(true)
      }
      expect((await store.getPublication(source.publications[0]?.id as string))?.withdrawn?.reason).toBe('wrong seed')
      expect(await store.getRun('run_3')).toMatchObject({ status: 'published', release: { reason: 'checked by hand' } })
      expect((await store.acceptedRuns()).map((a) => a.id)).toEqual(['run_waiting'])
      expect((await store.getAuthorKey('acme'))?.org).toBe('acme')
      expect((await store.getOrg('acme'))?.displayName).toBe('Acme Lending Ltd')
      // The log keeps its name (origin): the same instance id.
      expect(store.instanceId()).toBe(source.instanceId)
      expect((await store.findToken(sha256('bund_x')))?.id).toBe('tok_1')
      // It goes on from there: a new publication extends the same chain.
      const next = await publish(store as never, 5)
      expect(next.keyId).toBe(keys.find((k) => k.current)?.keyId)
      expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: source.entries + 3 })
    } finally {
      await store.close()
    }

    // A second import into the same database is refused.
    const again = await bund(['db', 'import', source.dir, '--database-url', db.url])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/^bund: STATE_CONFLICT: .*already holds data/)
  })

  it('refuses a tampered source with its code and writes nothing', async () => {
    const source = await embeddedStore()
    const file = join(source.dir, 'db.json')
    const original = readFileSync(file, 'utf8')
    const data = JSON.parse(original)
    data.publications[1].seed = 999
    writeFileSync(file, JSON.stringify(data))
    const db = await migrated()
    const r = await bund(['db', 'import', source.dir, '--database-url', db.url])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bund: PUBLICATION_TAMPERED: publication pub_\w+ .*Nothing was imported/)

    // A changed audit entry: the chain is refused.
    const chain = JSON.parse(original)
    chain.audit[2].actor = 'mallory'
    writeFileSync(file, JSON.stringify(chain))
    const broken = await bund(['db', 'import', source.dir, '--database-url', db.url])
    expect(broken.code).toBe(2)
    expect(broken.stderr).toMatch(/^bund: AUDIT_BROKEN: .*entry #3/)

    const pool = await connectPool(db.url)
    try {
      const counts = (await pool.query('SELECT (SELECT audit_seq FROM instance) AS audit, (SELECT count(*) FROM publications)::int AS pubs, (SELECT count(*) FROM runs)::int AS runs')).rows[0]
      expect(counts).toEqual({ audit: '0', pubs: 0, runs: 0 })
    } finally {
      await pool.end()
    }
    // Unmigrated: its own code.
    const bare = await freshDatabase()
    databases.push(bare)
    const unmigrated = await bund(['db', 'import', source.dir, '--database-url', bare.url])
    expect(unmigrated.stderr).toMatch(/^bund: DATABASE_NOT_MIGRATED: /)
  })
})
