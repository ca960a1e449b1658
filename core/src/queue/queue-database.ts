/**
 * The durable queue's place in PostgreSQL. Jobs live in pg-boss's own schema (`pgboss`, installed
 * and migrated by pg-boss itself when `bund db migrate` runs); Bund adds two small tables in `bund_queue`: the `bund worker`
 * processes alive (a heartbeat each) and which worker holds which job, so a worker that dies
 * (kill -9, machine loss) has its jobs handed back at once instead of when pg-boss's expiry comes.
 */
import pg from 'pg'
import { BundError } from '../kernel/index.js'
import { describeDatabase } from '../store/postgres/connection.js'
import type { RecordedRun, WriteAlong } from '../store/postgres/index.js'
import type { AcceptedRun, RunQueuePersistence } from '../store/run-queue-persistence.js'
import { PgBoss } from './pg-boss.js'

/**
 * The store as the durable queue uses it (PgStore): accepting a run and recording one take the
 * queue's own change (a job sent, a job completed) into the same transaction.
 */
export interface DurableRunPersistence extends RunQueuePersistence {
  acceptRun(run: AcceptedRun, along?: WriteAlong<void>): Promise<void>
}

/** How a worker records a run it carried out: with its job's completion in the same transaction. */
export type RecordAlong = WriteAlong<RecordedRun>

/** The queue of accepted runs, and where a run goes when its worker died on every attempt. */
export const RUN_QUEUE = 'bund-run'
export const CRASHED_QUEUE = 'bund-run-crashed'

export interface QueueTuning {
  /** Attempts after the first when the worker running a run dies (default 1). */
  retries?: number
  /** pg-boss's own fallback: an active job older than this is failed (default 15 min). */
  expireSeconds?: number
}

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS bund_queue;
CREATE TABLE IF NOT EXISTS bund_queue.workers (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  concurrency integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS bund_queue.claims (
  job_id uuid PRIMARY KEY,
  worker_id text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS claims_worker ON bund_queue.claims (worker_id);
`

/** A lock id of our own, so two processes migrating at once create the tables once. */
const SCHEMA_LOCK = 0x62756e64

function newBoss(url: string, options: { supervise: boolean; applicationName: string; migrate: boolean }): PgBoss {
  return new PgBoss({ connectionString: url, max: 4, application_name: options.applicationName, schedule: false, supervise: options.supervise, migrate: options.migrate })
}

/**
 * Makes the queue's place in the database ready (`bund db migrate`, beside the store's
 * migrations): pg-boss's own schema installed or migrated (pg-boss's `migrate` on start), Bund's
 * tables, and the two queues (each a table pg-boss creates). Safe to repeat, and from several
 * nodes at once. Afterwards nodes need no right to change the schema.
 */
export async function prepareQueueDatabase(url: string, options: QueueTuning = {}): Promise<{ pgBossVersion: number }> {
  const boss = newBoss(url, { supervise: false, applicationName: 'bund-migrate', migrate: true })
  boss.on('error', () => undefined)
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'bund-migrate' })
  pool.on('error', () => undefined)
  const client = await pool.connect()
  try {
    // One migrator at a time: pg-boss's install, Bund's tables and the queues.
    await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK])
    await boss.start()
    await client.query(SCHEMA)
    // The dead-letter queue first: the run queue names it.
    const queues = [
      { name: CRASHED_QUEUE, retryLimit: 5, retryDelay: 1 },
      { name: RUN_QUEUE, retryLimit: options.retries ?? 1, retryDelay: 0, expireInSeconds: options.expireSeconds ?? 15 * 60, deadLetter: CRASHED_QUEUE },
    ]
    for (const q of queues) {
      if ((await boss.getQueue(q.name)) === null) await boss.createQueue(q.name, q)
      else await boss.updateQueue(q.name, q)
    }
    return { pgBossVersion: Number((await client.query<{ version: number }>('SELECT version FROM pgboss.version')).rows[0]?.version ?? 0) }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => undefined)
    client.release()
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined)
    await pool.end().catch(() => undefined)
  }
}

/**
 * Starts pg-boss on `url` for a node (`bund serve`, `bund worker`): it changes no schema (the
 * schema, tables and queues are `bund db migrate`'s), so a node's role needs only to read and
 * write rows. A database not prepared is DATABASE_NOT_MIGRATED.
 */
export async function openQueueDatabase(url: string, options: { supervise: boolean; applicationName: string; connections?: number; onError: (e: Error) => void }): Promise<{ boss: PgBoss; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: options.connections ?? 4, application_name: options.applicationName, pipeline: true })
  pool.on('error', options.onError)
  const boss = newBoss(url, { supervise: options.supervise, applicationName: options.applicationName, migrate: false })
  boss.on('error', options.onError)
  try {
    await boss.start().catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e)
      if (/not installed|requires migrations/.test(message)) throw notMigrated(url, `pg-boss ${message.replace(/^pg-boss /, '')}`)
      throw e
    })
    const tables = await pool.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'bund_queue' AND table_name IN ('workers', 'claims')")
    if (Number(tables.rows[0]?.n) !== 2) throw notMigrated(url, 'the bund_queue tables are missing')
    for (const name of [RUN_QUEUE, CRASHED_QUEUE]) if ((await boss.getQueue(name)) === null) throw notMigrated(url, `the queue ${name} is missing`)
  } catch (e) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined)
    await pool.end().catch(() => undefined)
    throw e
  }
  return { boss, pool }
}

function notMigrated(url: string, what: string): BundError {
  return new BundError('DATABASE_NOT_MIGRATED', `the run queue in the database at ${describeDatabase(url)} is not ready (${what}): run \`bund db migrate\``)
}

/** pg-boss job ids are uuids: a run's job has its run id's uuid, so a second send of one run is a no-op. */
export function jobIdOf(runId: string): string {
  return runId.replace(/^run_/, '')
}
