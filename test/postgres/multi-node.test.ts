/**
 * Scale-out on one machine against a real PostgreSQL: 2 API nodes (`bund serve`) and 3 workers
 * (`bund worker`) as real processes on one database. 500 runs of a small scenario are submitted
 * across both API nodes while workers are killed with SIGKILL at random moments (a bounded number
 * of times, each restarted). Every accepted run must end exactly once (one run record each;
 * published, or SANDBOX_CRASHED when its worker died on every attempt), every publication must
 * verify (signature, id, its audit entry), the audit chain must verify, no run may be published
 * twice, and a run submitted on one node is followed to its end on the other node's SSE stream.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { verifyPublication } from '../../core/src/store/verify-publication.js'
import type { Publication } from '../../core/src/model/index.js'
import { BUND, ROOT, fixture, tempDir } from '../helpers/cli.js'
import { type BundProcess, startBund, uploadForm } from '../helpers/nodes.js'
import { type TestDatabase, describePostgres, freshDatabase } from '../helpers/postgres.js'

const RUNS = Number(process.env['BUND_MULTI_NODE_RUNS'] ?? 500)
const WORKERS = 3
/** SIGKILLs in all, each followed by a restart of that worker. */
const KILLS = 8
const SCENARIO = 'fixture/approve-all'

describePostgres('scale-out: 2 API nodes and 3 workers on one PostgreSQL, workers killed with SIGKILL', () => {
  let db: TestDatabase
  let sql: pg.Pool
  const procs: BundProcess[] = []
  beforeAll(async () => {
    db = await freshDatabase()
    sql = new pg.Pool({ connectionString: db.url, max: 2 })
    // The database is dropped WITH (FORCE) at the end: the server may end a connection of this pool
    // that is still closing, which pg reports as an 'error' event; that is the cleanup, not a finding.
    sql.on('error', () => undefined)
  })
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()))
    await sql?.end()
    await db?.drop()
  })

  it('every accepted run ends exactly once, every publication verifies, the audit chain verifies', { timeout: 300_000 }, async () => {
    execFileSync(process.execPath, [BUND, 'db', 'migrate', '--database-url', db.url], { cwd: ROOT, stdio: 'pipe' })
    // One data dir for every process: on one machine it is how each node holds the instance's keys.
    const dir = tempDir()
    const common = ['--database-url', db.url, '--data-dir', dir, '--log-level', 'warn']
    const serve = () => startBund(['serve', ...common, '--port', '0', '--queue', String(RUNS * 2)])
    // The first node makes the keys and prints the operator token; the second starts after it.
    const first = serve()
    procs.push(first)
    const token = (await first.waitFor(/\n\s+(bund_[A-Za-z0-9_-]+)\s*\n/))[1]!
    const api = [(await first.waitFor(/Bund API on (http:\/\/\S+)/))[1]!]
    const second = serve()
    procs.push(second)
    api.push((await second.waitFor(/Bund API on (http:\/\/\S+)/))[1]!)
    const auth = { authorization: `Bearer ${token}` }

    const uploaded = await fetch(`${api[0]}/api/v1/scenarios`, { method: 'POST', headers: auth, body: uploadForm(fixture('approve-all')) })
    expect(uploaded.status, await uploaded.clone().text()).toBeLessThan(300)

    const workers: BundProcess[] = []
    const startWorker = () => {
      const w = startBund(['worker', ...common, '--concurrency', '1'])
      procs.push(w)
      return w
    }
    for (let i = 0; i < WORKERS; i++) workers.push(startWorker())
    await Promise.all(workers.map((w) => w.waitFor(/Bund worker/)))

    // Submissions across both nodes, 16 at a time.
    const ids: string[] = []
    const submit = async (i: number): Promise<void> => {
      for (;;) {
        const res = await fetch(`${api[i % 2]}/api/v1/runs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ scenario: SCENARIO, seed: i + 1 }) })
        if (res.status === 429) {
          await sleep(500)
          continue
        }
        expect(res.status, await res.clone().text()).toBe(202)
        ids.push(((await res.json()) as { id: string }).id)
        return
      }
    }
    // A run submitted on node 0, followed on node 1's event stream from the start.
    await submit(0)
    const followed = ids[0]!
    const stream = fetch(`${api[1]}/api/v1/runs/${followed}/events`, { headers: auth }).then((r) => r.text())

    let kills = 0
    let submitting = true
    const killer = (async () => {
      let random = 7
      const next = () => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
      while (kills < KILLS && (submitting || (await recorded(sql, ids)) < ids.length)) {
        await sleep(1500 + next() * 3000)
        const i = Math.floor(next() * workers.length)
        await workers[i]!.kill('SIGKILL')
        kills++
        workers[i] = startWorker()
      }
    })()
    let n = 1
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (n < RUNS) await submit(n++)
    }))
    submitting = false
    expect(new Set(ids).size).toBe(RUNS)

    // Every accepted run ends (within the test's bound).
    const deadline = Date.now() + 240_000
    while ((await recorded(sql, ids)) < RUNS) {
      if (Date.now() > deadline) throw new Error(`only ${await recorded(sql, ids)} of ${RUNS} runs ended:\n${workers.map((w) => w.output.slice(-2000)).join('\n---\n')}`)
      await sleep(500)
    }
    await killer
    expect(kills).toBeGreaterThan(0)

    // Exactly once: one run record per accepted id, none other; nothing left accepted.
    const runs = (await sql.query<{ id: string; status: string; record: string }>('SELECT id, status, record FROM runs')).rows
    expect(runs.length).toBe(RUNS)
    expect(new Set(runs.map((r) => r.id))).toEqual(new Set(ids))
    expect((await sql.query('SELECT 1 FROM accepted_runs a WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = a.id)')).rowCount).toBe(0)
    // Each run published, or ended SANDBOX_CRASHED because its worker died on every attempt.
    const crashed = runs.filter((r) => r.status === 'failed')
    for (const r of crashed) expect(JSON.parse(r.record).error.code, r.record.slice(0, 500)).toBe('SANDBOX_CRASHED')
    expect(runs.filter((r) => r.status === 'published').length + crashed.length).toBe(RUNS)
    expect(crashed.length).toBeLessThanOrEqual(kills)

    // No duplicate publication; each one verifies and its audit entry is there once.
    const pubs = (await sql.query<{ id: string; run_id: string; record: string }>('SELECT id, run_id, record FROM publications')).rows
    expect(new Set(pubs.map((p) => p.run_id)).size).toBe(pubs.length)
    expect(pubs.length).toBe(RUNS - crashed.length)
    const key = (await sql.query<{ public_key: string }>('SELECT k.public_key FROM signing_keys k JOIN instance i ON i.current_key_id = k.key_id')).rows[0]!.public_key
    for (const p of pubs) {
      const verification = await verifyPublication(JSON.parse(p.record) as Publication, key)
      expect(verification.ok, JSON.stringify(verification.checks)).toBe(true)
    }
    const published = await sql.query<{ subject: string; n: string }>("SELECT subject, count(*) AS n FROM audit WHERE entry::jsonb->>'action' = 'publication.published' GROUP BY subject")
    expect(published.rows.length).toBe(pubs.length)
    expect(published.rows.every((r) => r.n === '1')).toBe(true)
    const finished = await sql.query<{ n: string }>("SELECT count(DISTINCT subject) AS n, count(*) AS total FROM audit WHERE entry::jsonb->>'action' = 'run.finished'")
    expect(finished.rows[0]).toMatchObject({ n: String(RUNS), total: String(RUNS) })
    // The audit chain verifies, read through the API (and the CLI's verify of one publication by URL).
    const audit = await fetch(`${api[1]}/api/v1/audit/verify`, { headers: auth })
    expect(audit.status).toBe(200)
    expect(await audit.json()).toMatchObject({ ok: true })

    const one = pubs[0]!
    const verified = spawnSync(process.execPath, [BUND, 'verify', `${api[0]}/api/v1/publications/${one.id}`, '--checkpoint', join(dir, 'checkpoint')], { cwd: ROOT, encoding: 'utf8' })
    expect(verified.status, `${verified.stdout}\n${verified.stderr}`).toBe(0)

    // Node 1 streamed the run node 0 accepted, to its end.
    const events = await stream
    expect(events).toContain('event: done')
    // Both nodes' figures come from the database.
    const health = (await (await fetch(`${api[0]}/healthz`)).json()) as { queue: { queued: number; workersAlive: number; runs: Record<string, number> } }
    expect(health.queue.workersAlive).toBeGreaterThanOrEqual(1)
    expect(Object.values(health.queue.runs).reduce((a, b) => a + b, 0)).toBe(RUNS)
    const metrics = await (await fetch(`${api[1]}/metrics`)).text()
    expect(metrics).toMatch(/bund_workers_alive \d+/)
    process.stdout.write(`multi-node: ${RUNS} runs, ${kills} SIGKILLs, ${crashed.length} ended SANDBOX_CRASHED, ${pubs.length} published\n`)
  })
})

async function recorded(sql: pg.Pool, ids: string[]): Promise<number> {
  return Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM runs WHERE id = ANY($1::text[])', [ids])).rows[0]!.n)
}
