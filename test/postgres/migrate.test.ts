/** `bund db migrate`: idempotent, safe from two processes at once; a database that is not ready gives a clear code. */
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { PgStore, connectPool, migrate, schemaVersion, DATABASE_SCHEMA_VERSION } from '@bund/core/postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openQueueDatabase } from '../../core/src/queue/queue-database.js'
import { bund, fixture, tempDir } from '../helpers/cli.js'
import { type BundProcess, startBund, uploadForm } from '../helpers/nodes.js'
import { ADMIN_URL, type TestDatabase, describePostgres, dropRole, freshDatabase } from '../helpers/postgres.js'

describePostgres('bund db migrate', () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await freshDatabase()
  })
  afterAll(async () => {
    await db?.drop()
  })

  it('refuses an unmigrated database with DATABASE_NOT_MIGRATED, then two migrate processes at once apply each migration once', async () => {
    await expect(PgStore.open(db.url, tempDir())).rejects.toMatchObject({ code: 'DATABASE_NOT_MIGRATED', message: expect.stringContaining('bund db migrate') })
    const [a, b] = await Promise.all([bund(['db', 'migrate', '--database-url', db.url, '--json']), bund(['db', 'migrate', '--json'], { env: { BUND_DATABASE_URL: db.url } })])
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', ''])
    const results = [JSON.parse(a.stdout), JSON.parse(b.stdout)]
    // One of them applied everything, the other found nothing to do.
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, DATABASE_SCHEMA_VERSION])
    expect(results.every((r) => r.version === DATABASE_SCHEMA_VERSION)).toBe(true)
    const pool = await connectPool(db.url)
    try {
      const rows = (await pool.query('SELECT version, count(*)::int AS n FROM bund_migrations GROUP BY version')).rows
      expect(rows.every((r) => r.n === 1)).toBe(true)
      expect(rows).toHaveLength(DATABASE_SCHEMA_VERSION)
      // Again: nothing to apply, nothing changed.
      expect(await migrate(pool)).toEqual({ applied: [], version: DATABASE_SCHEMA_VERSION })
      expect(await schemaVersion(pool)).toBe(DATABASE_SCHEMA_VERSION)
    } finally {
      await pool.end()
    }
    const again = await bund(['db', 'migrate', '--database-url', db.url])
    expect(again.stdout).toContain('already up to date')
  })

  it('`bund db migrate` makes the run queue ready too: before it a node is DATABASE_NOT_MIGRATED; after it `bund serve` and `bund worker` start and carry a run as a role that can change no schema', { timeout: 120_000 }, async () => {
    const own = await freshDatabase()
    const role = `${own.name}_node`
    const admin = new pg.Client({ connectionString: own.url })
    await admin.connect()
    const procs: BundProcess[] = []
    try {
      await expect(openQueueDatabase(own.url, { supervise: false, applicationName: 'test', onError: () => undefined })).rejects.toMatchObject({ code: 'DATABASE_NOT_MIGRATED', message: expect.stringContaining('bund db migrate') })
      const migrated = await bund(['db', 'migrate', '--database-url', own.url])
      expect(migrated.code, migrated.stderr).toBe(0)
      expect(migrated.stdout).toContain('run queue ready')
      // A role that may read and write rows, and nothing more.
      await admin.query(`CREATE ROLE ${role} LOGIN`)
      await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC; REVOKE CREATE, TEMPORARY ON DATABASE ${own.name} FROM PUBLIC`)
      for (const schema of ['public', 'pgboss', 'bund_queue']) {
        await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}; GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`)
      }
      const url = new URL(own.url)
      url.username = role
      const limited = new pg.Client({ connectionString: url.toString() })
      await limited.connect()
      await expect(limited.query('CREATE TABLE public.x (a int)')).rejects.toThrow(/permission denied/)
      await expect(limited.query('CREATE SCHEMA y')).rejects.toThrow(/permission denied/)
      await limited.end()
      const dir = tempDir()
      const common = ['--database-url', url.toString(), '--data-dir', dir, '--log-level', 'warn']
      const serve = startBund(['serve', ...common, '--port', '0'])
      procs.push(serve)
      const token = (await serve.waitFor(/\n\s+(bund_[A-Za-z0-9_-]+)\s*\n/))[1]!
      const api = (await serve.waitFor(/Bund API on (http:\/\/\S+)/))[1]!
      const worker = startBund(['worker', ...common, '--concurrency', '1'])
      procs.push(worker)
      await worker.waitFor(/Bund worker/)
      const auth = { authorization: `Bearer ${token}` }
      const uploaded = await fetch(`${api}/api/v1/scenarios`, { method: 'POST', headers: auth, body: uploadForm(fixture('approve-all')) })
      expect(uploaded.status, await uploaded.text()).toBeLessThan(300)
      const submitted = await fetch(`${api}/api/v1/runs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'fixture/approve-all', seed: 1 }) })
      expect(submitted.status).toBe(202)
      const { id } = (await submitted.json()) as { id: string }
      let state = ''
      for (let i = 0; i < 300 && state !== 'finished'; i++) {
        await sleep(100)
        state = ((await (await fetch(`${api}/api/v1/runs/${id}`, { headers: auth })).json()) as { state: string }).state
      }
      expect(state).toBe('finished')
      const record = (await admin.query<{ status: string }>('SELECT status FROM runs WHERE id = $1', [id])).rows[0]
      expect(record?.status).toBe('published')
    } finally {
      await Promise.all(procs.map((p) => p.kill()))
      await admin.end()
      await own.drop()
      await dropRole(role)
    }
  })

  it('a migration that fails leaves the schema as it was', async () => {
    const other = await freshDatabase()
    const pool = await connectPool(other.url)
    try {
      const bad = [{ version: 1, name: 'ok', sql: 'CREATE TABLE t1 (x int)' }, { version: 2, name: 'broken', sql: 'CREATE TABLE t2 (x nosuchtype)' }]
      await expect(migrate(pool, bad)).rejects.toThrow(/nosuchtype/)
      expect(await schemaVersion(pool)).toBe(0)
      expect((await pool.query("SELECT to_regclass('t1') AS t")).rows[0].t).toBeNull()
    } finally {
      await pool.end()
      await other.drop()
    }
  })
})

describePostgres('database faults give one line with a stable code', () => {
  it('wrong URL, unreachable server, missing database', async () => {
    const cases: Array<[string, string]> = [
      ['http://127.0.0.1/x', 'DATABASE_URL_INVALID'],
      ['not a url', 'DATABASE_URL_INVALID'],
      ['postgres://postgres@127.0.0.1:1/bund', 'DATABASE_UNREACHABLE'],
      ['postgres://postgres@127.0.0.1:5432/bund_no_such_database', 'DATABASE_UNREACHABLE'],
    ]
    for (const [url, code] of cases) {
      for (const command of [['db', 'migrate'], ['db', 'import', tempDir()]]) {
        const r = await bund([...command, '--database-url', url])
        expect(r.code, url).toBe(2)
        expect(r.stderr, url).toMatch(new RegExp(`^bund: ${code}: `))
        expect(r.stderr.trim().split('\n'), url).toHaveLength(1)
        expect(r.stderr, url).not.toMatch(/\n\s+at /)
      }
    }
    const none = await bund(['db', 'migrate'], { env: { BUND_DATABASE_URL: '' } })
    expect(none.stderr).toMatch(/^bund: USAGE: no database/)
  })

  it('a node survives its connections being cut, and a database gone mid-life is DATABASE_UNREACHABLE', async () => {
    const db = await freshDatabase()
    const pool = await connectPool(db.url)
    await migrate(pool)
    await pool.end()
    const store = await PgStore.open(db.url, tempDir())
    try {
      await store.audit('cli', 'test.before', 'x', {})
      // The server ends every connection of this database (a restart, a failover): the idle pool
      // clients die quietly and the next write connects again.
      const admin = await connectPool(ADMIN_URL)
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name])
      await admin.end()
      await new Promise((r) => setTimeout(r, 100))
      await store.audit('cli', 'test.after', 'x', {})
      expect((await store.verifyAudit()).entries).toBe(2)
      await db.drop()
      await expect(store.audit('cli', 'test.gone', 'x', {})).rejects.toMatchObject({ code: 'DATABASE_UNREACHABLE', message: expect.stringContaining('does not exist') })
      await expect(store.getRun('run_1')).rejects.toMatchObject({ code: 'DATABASE_UNREACHABLE' })
    } finally {
      await store.close()
      await db.drop()
    }
  })

  it('never shows the password of the URL', async () => {
    const r = await bund(['db', 'migrate', '--database-url', 'postgres://postgres:s3cret-pw@127.0.0.1:1/bund'])
    expect(r.stderr).toMatch(/^bund: DATABASE_UNREACHABLE: /)
    expect(r.stderr).not.toContain('s3cret-pw')
  })
})
