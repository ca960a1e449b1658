/**
 * The durable queue's place in PostgreSQL. Jobs live in pg-boss's own schema (`pgboss`, created and
 * migrated by pg-boss itself); Bund adds two small tables in `bund_queue`: the `bund worker`
 * processes alive (a heartbeat each) and which worker holds which job, so a worker that dies
 * (kill -9, machine loss) has its jobs handed back at once instead of when pg-boss's expiry comes.
 */
import pg from 'pg'
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

/** A lock id of our own, so two processes starting at once create the tables once. */
const SCHEMA_LOCK = 0x62756e64

/** Starts pg-boss on `url` (installing or migrating its schema) and makes Bund's queues and tables. */
export async function openQueueDatabase(url: string, options: QueueTuning & { supervise: boolean; applicationName: string; connections?: number; onError: (e: Error) => void }): Promise<{ boss: PgBoss; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: options.connections ?? 4, application_name: options.applicationName, pipeline: true })
  pool.on('error', options.onError)
  const boss = new PgBoss({ connectionString: url, max: 4, application_name: options.applicationName, schedule: false, supervise: options.supervise, migrate: true })
  boss.on('error', options.onError)
  try {
    await boss.start()
    const client = await pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK])
      await client.query(SCHEMA)
      await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK])
    } finally {
      client.release()
    }
    // The dead-letter queue first: the run queue names it.
    await boss.createQueue(CRASHED_QUEUE, { name: CRASHED_QUEUE, retryLimit: 5, retryDelay: 1 })
    await boss.createQueue(RUN_QUEUE, {
      name: RUN_QUEUE,
      retryLimit: options.retries ?? 1,
      retryDelay: 0,
      expireInSeconds: options.expireSeconds ?? 15 * 60,
      deadLetter: CRASHED_QUEUE,
    })
  } catch (e) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined)
    await pool.end().catch(() => undefined)
    throw e
  }
  return { boss, pool }
}

/** pg-boss job ids are uuids: a run's job has its run id's uuid, so a second send of one run is a no-op. */
export function jobIdOf(runId: string): string {
  return runId.replace(/^run_/, '')
}
