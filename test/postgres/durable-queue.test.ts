/**
 * The durable run queue on pg-boss, against a real PostgreSQL (a database of its own): runs
 * submitted on one node are taken by workers, their progress and end reach every API node's
 * subscribers, and a worker that stops beating (dead) has its run handed back and carried out by
 * another — recorded once. The store here is a map; the multi-node test uses the PostgreSQL store.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DurableRunQueue, RunWorker, type RunEvent, type RunOutcome } from '../../core/src/queue/index.js'
import { type DurableRunPersistence, RUN_QUEUE, jobIdOf, openQueueDatabase, prepareQueueDatabase } from '../../core/src/queue/queue-database.js'
import type { WriteAlong } from '../../core/src/store/postgres/index.js'
import type { AcceptedRun } from '../../core/src/store/run-queue-persistence.js'
import type { RunRecord } from '../../core/src/model/index.js'
import { type TestDatabase, describePostgres, freshDatabase } from '../helpers/postgres.js'

const logger = pino({ level: 'silent' })

/**
 * Accepted runs and run records in memory; a second record of one run id is refused (as the stores
 * do). What the queue adds to accepting a run (its job, the `accepted` event) runs on `pool` (in
 * PgStore, in the accepting write's transaction).
 */
class MapStore implements DurableRunPersistence {
  readonly accepted = new Map<string, AcceptedRun>()
  readonly records = new Map<string, { status: string; error?: { code: string } }>()
  readonly recordings: string[] = []
  constructor(readonly pool: pg.Pool) {}
  async acceptRun(run: AcceptedRun, along?: WriteAlong<void>) {
    await along?.before?.((text, values) => this.pool.query(text, values))
    this.accepted.set(run.id, run)
    const note = along?.notify?.()
    if (note !== undefined) await this.pool.query('SELECT pg_notify($1, $2)', [note.channel, note.payload])
    along?.committed?.()
  }
  async acceptedRuns() {
    return [...this.accepted.values()].filter((r) => !this.records.has(r.id))
  }
  async endAcceptedRun(id: string, error: { code: string; message: string }) {
    this.record(id, 'failed', error)
    return { id } as RunRecord
  }
  record(id: string, status: string, error?: { code: string }) {
    if (this.records.has(id)) return
    this.records.set(id, { status, ...(error ? { error } : {}) })
    this.recordings.push(id)
  }
  isRecorded = (id: string) => this.records.has(id)
}

function runOf(i: number): AcceptedRun {
  const hex = i.toString(16).padStart(12, '0')
  return { id: `run_00000000-0000-4000-8000-${hex}`, scenario: 'acme/trivial', version: '1.0.0', seed: i, rows: null, params: {}, actor: 'operator:tok_t', acceptedAt: new Date().toISOString() }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

describePostgres('the durable run queue (pg-boss on PostgreSQL)', () => {
  let db: TestDatabase
  let sql: pg.Pool
  beforeAll(async () => {
    db = await freshDatabase()
    await prepareQueueDatabase(db.url)
    sql = new pg.Pool({ connectionString: db.url, max: 2 })
    sql.on('error', () => undefined)
  })
  afterAll(async () => {
    await sql?.end()
    await db?.drop()
  })

  it('carries runs from two API nodes to two workers; progress and done reach both nodes; each run recorded once', async () => {
    const store = new MapStore(sql)
    const execute = async (run: AcceptedRun, onProgress: (f: number, m: string) => void): Promise<RunOutcome> => {
      onProgress(0.5, 'half way')
      await sleep(250)
      onProgress(1, 'done')
      store.record(run.id, 'published')
      return { runId: run.id, status: 'published', publicationId: `pub_${run.seed}` }
    }
    const options = { databaseUrl: db.url, persistence: store, isRecorded: store.isRecorded, logger }
    const nodes = [await DurableRunQueue.open({ ...options, capacity: 100 }), await DurableRunQueue.open({ ...options, capacity: 100 })]
    const workers = [new RunWorker({ ...options, concurrency: 2, execute }), new RunWorker({ ...options, concurrency: 2, execute })]
    try {
      await Promise.all(workers.map((w) => w.start()))
      const runs = Array.from({ length: 20 }, (_, i) => runOf(i + 1))
      // Node 1 follows a run submitted on node 0.
      const heard: RunEvent[] = []
      nodes[1]!.subscribe(runs[0]!.id, (e) => heard.push(e))
      for (const [i, run] of runs.entries()) expect((await nodes[i % 2]!.submit(run)).state).toBe('queued')
      await until('every run recorded', () => store.records.size === runs.length)
      await until('node 1 heard the end', () => heard.some((e) => e.type === 'done'))
      expect(heard.map((e) => e.type)).toContain('progress')
      expect(heard.find((e) => e.type === 'done')).toMatchObject({ entry: { state: 'finished', result: { status: 'published', publicationId: 'pub_1' } } })
      expect(store.recordings.length).toBe(runs.length)
      await until('both nodes see every run finished', () => nodes.every((n) => runs.every((r) => n.get(r.id)?.state === 'finished')))
      // The figures come from the database (read every second): both workers, nothing left.
      await until('figures from the database', () => {
        const { queued, running, concurrency, workersAlive } = nodes[0]!.stats()
        return queued === 0 && running === 0 && concurrency === 4 && workersAlive === 2
      })
    } finally {
      await Promise.all(workers.map((w) => w.stop()))
      await Promise.all(nodes.map((n) => n.close()))
    }
  })

  it('a dead worker\'s run is handed back and carried out by another, once; dead on every attempt, it ends SANDBOX_CRASHED once', async () => {
    const store = new MapStore(sql)
    const execute = async (run: AcceptedRun): Promise<RunOutcome> => {
      store.record(run.id, 'published')
      return { runId: run.id, status: 'published' }
    }
    const options = { databaseUrl: db.url, persistence: store, isRecorded: store.isRecorded, logger, deadAfterMs: 1_500, heartbeatMs: 300 }
    // The "dead worker": takes the job as a worker would (claim, heartbeat), then goes silent.
    const { boss, pool } = await openQueueDatabase(db.url, { supervise: false, applicationName: 'test', onError: () => undefined })
    const node = await DurableRunQueue.open({ ...options, capacity: 10 })
    const live = new RunWorker({ ...options, concurrency: 1, execute })
    try {
      const takeAndDie = async (run: AcceptedRun, worker: string) => {
        const [job] = await boss.fetch<AcceptedRun>(RUN_QUEUE, { batchSize: 1 })
        expect(job?.id).toBe(jobIdOf(run.id))
        await pool.query("INSERT INTO bund_queue.workers (id, host, pid, concurrency, seen_at) VALUES ($1, 'gone', 1, 1, now() - interval '1 hour') ON CONFLICT (id) DO NOTHING", [worker])
        await pool.query('INSERT INTO bund_queue.claims (job_id, worker_id) VALUES ($1, $2) ON CONFLICT (job_id) DO UPDATE SET worker_id = excluded.worker_id', [job!.id, worker])
      }
      const stateOf = async (run: AcceptedRun) => (await pool.query<{ state: string }>('SELECT state FROM pgboss.job WHERE name = $1 AND id = $2', [RUN_QUEUE, jobIdOf(run.id)])).rows[0]?.state
      // Twice: its worker dies on the first attempt and on the retry, so it is ended as crashed.
      const twice = runOf(102)
      await node.submit(twice)
      await takeAndDie(twice, 'worker_dead_1')
      const reaper = new RunWorker({ ...options, concurrency: 0, execute })
      await reaper.start()
      await until('the first death reaped', async () => (await stateOf(twice)) === 'retry')
      await takeAndDie(twice, 'worker_dead_2')
      await until('the second death reaped', async () => (await stateOf(twice)) === 'failed')
      await reaper.stop()
      // Once: its worker dies, the live worker carries it out.
      const once = runOf(101)
      await node.submit(once)
      await takeAndDie(once, 'worker_dead_3')
      await live.start()
      await until('both ended', () => store.records.size === 2, 30_000)
      expect(store.records.get(once.id)).toEqual({ status: 'published' })
      expect(store.records.get(twice.id)).toMatchObject({ status: 'failed', error: { code: 'SANDBOX_CRASHED' } })
      expect(store.recordings.sort()).toEqual([once.id, twice.id].sort())
      await until('the node saw both end', () => node.get(once.id)?.state === 'finished' && node.get(twice.id)?.state === 'rejected')
      expect(node.get(twice.id)?.error?.code).toBe('SANDBOX_CRASHED')
    } finally {
      await live.stop()
      await node.close()
      await boss.stop({ graceful: false, wait: true })
      await pool.end()
    }
  })

  it('a run accepted on one node is found on another at once, before that node\'s view has caught up', async () => {
    const store = new MapStore(sql)
    // No refresh during the test and no worker: node 1 learns of the run only by asking.
    const options = { databaseUrl: db.url, persistence: store, isRecorded: store.isRecorded, logger, refreshMs: 600_000 }
    const nodes = [await DurableRunQueue.open({ ...options, capacity: 10 }), await DurableRunQueue.open({ ...options, capacity: 10 })]
    const run = runOf(900)
    try {
      await nodes[0]!.submit(run)
      expect(await nodes[1]!.find(run.id)).toMatchObject({ id: run.id, state: 'queued', meta: { scenario: 'acme/trivial', seed: 900 } })
      expect(nodes[1]!.get(run.id)?.state).toBe('queued')
      expect(await nodes[1]!.find('run_not-a-run-id')).toBeUndefined()
      expect(await nodes[1]!.find(runOf(901).id)).toBeUndefined()
    } finally {
      await Promise.all(nodes.map((n) => n.close()))
      await sql.query('DELETE FROM pgboss.job WHERE id = $1', [jobIdOf(run.id)])
    }
  })
})
