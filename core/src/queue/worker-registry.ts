/**
 * Which `bund worker` processes are alive, and which job each holds. A worker writes a heartbeat
 * every few seconds and claims each job it takes; when its heartbeat stops (kill -9, machine loss)
 * any process may reap it: in one transaction its row and its claims are deleted and its jobs are
 * failed through pg-boss, which retries each one (its retry limit) or moves it to the dead-letter
 * queue. The claim rows are deleted by whoever reaps first, so a job is handed back once.
 */
import { hostname } from 'node:os'
import type pg from 'pg'
import { prepared } from '../store/postgres/prepared.js'
import { together } from '../store/postgres/together.js'
import type { JobWithMetadata, PgBoss } from './pg-boss.js'
import { RUN_QUEUE } from './queue-database.js'

export interface WorkerIdentity {
  id: string
  concurrency: number
}

export async function registerWorker(pool: pg.Pool, worker: WorkerIdentity): Promise<void> {
  await pool.query(
    'INSERT INTO bund_queue.workers (id, host, pid, concurrency) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET seen_at = now()',
    [worker.id, hostname(), process.pid, worker.concurrency],
  )
}

/** The heartbeat; re-registers a worker that was reaped while it was only slow. */
export async function heartbeat(pool: pg.Pool, worker: WorkerIdentity): Promise<void> {
  const r = await pool.query('UPDATE bund_queue.workers SET seen_at = now() WHERE id = $1', [worker.id])
  if (r.rowCount === 0) await registerWorker(pool, worker)
}

export async function unregisterWorker(pool: pg.Pool, workerId: string): Promise<void> {
  await pool.query('DELETE FROM bund_queue.workers WHERE id = $1', [workerId])
}

/** The claim of a job by a worker, with the notification (the run's `running` event) sent when it commits. */
export function claimStatement(jobId: string, workerId: string, note?: { channel: string; payload: string }): { text: string; values: unknown[] } {
  const claim = 'INSERT INTO bund_queue.claims (job_id, worker_id) VALUES ($1, $2) ON CONFLICT (job_id) DO UPDATE SET worker_id = excluded.worker_id, claimed_at = now()'
  return note === undefined ? { text: claim, values: [jobId, workerId] } : { text: `WITH claim AS (${claim}) SELECT pg_notify($3, $4)`, values: [jobId, workerId, note.channel, note.payload] }
}

/**
 * Takes the next job of `queue` for `workerId`: pg-boss's fetch and the claim row in one
 * transaction, so no job is ever active without its claim (a worker killed between the two would
 * leave one that only pg-boss's expiry could hand back). `started(job)` is a notification sent
 * when the claim commits (the run's `running` event). Two round trips on a pipelining pool:
 * BEGIN with the fetch, then the claim with COMMIT.
 */
export async function takeJob<T>(pool: pg.Pool, boss: PgBoss, queue: string, workerId: string, started?: (job: JobWithMetadata<T>) => { channel: string; payload: string }): Promise<JobWithMetadata<T> | undefined> {
  const client = await pool.connect()
  let open = false
  try {
    const db = { executeSql: (text: string, values: unknown[]) => client.query(prepared(text, values)) }
    const [, jobs] = await Promise.all(together(client, () => [
      client.query('BEGIN').then(() => {
        open = true
      }),
      boss.fetch<T>(queue, { batchSize: 1, includeMetadata: true, db }),
    ] as const))
    const [job] = jobs
    // Answered after the claim (in order): COMMIT when both held, ROLLBACK when the claim failed.
    const commit = await together(client, () => {
      if (job !== undefined) {
        const claim = claimStatement(job.id, workerId, started?.(job))
        void client.query(prepared(claim.text, claim.values)).catch(() => undefined)
      }
      return client.query('COMMIT')
    })
    open = false
    if (commit.command !== 'COMMIT') throw new Error('the claim of a job failed; the job was left waiting')
    return job
  } catch (e) {
    if (open) await client.query('ROLLBACK').catch(() => undefined)
    throw e
  } finally {
    client.release()
  }
}

/** A worker's claim of a job ($1 the job, $2 the worker), released when the job ends. */
export const CLAIM_RELEASE_SQL = 'DELETE FROM bund_queue.claims WHERE job_id = $1 AND worker_id = $2'

export async function releaseClaim(pool: pg.Pool, jobId: string, workerId: string): Promise<void> {
  await pool.query(CLAIM_RELEASE_SQL, [jobId, workerId])
}

/** Workers whose heartbeat is recent. */
export async function workersAlive(pool: pg.Pool, deadAfterMs: number): Promise<number> {
  const r = await pool.query<{ n: string }>("SELECT count(*) AS n FROM bund_queue.workers WHERE seen_at > now() - $1 * interval '1 millisecond'", [deadAfterMs])
  return Number(r.rows[0]?.n ?? 0)
}

/**
 * Reaps workers silent for `deadAfterMs`: their jobs go back to pg-boss as failed (retried or
 * dead-lettered), in the transaction that deletes their claims. Returns the job ids handed back.
 */
export async function reapDeadWorkers(pool: pg.Pool, boss: PgBoss, deadAfterMs: number): Promise<string[]> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const dead = await client.query<{ id: string }>("DELETE FROM bund_queue.workers WHERE seen_at < now() - $1 * interval '1 millisecond' RETURNING id", [deadAfterMs])
    // Also claims whose worker row is gone (reaped before the claim was written).
    const claims = await client.query<{ job_id: string }>(
      'DELETE FROM bund_queue.claims c WHERE c.worker_id = ANY($1::text[]) OR NOT EXISTS (SELECT 1 FROM bund_queue.workers w WHERE w.id = c.worker_id) RETURNING job_id',
      [dead.rows.map((r) => r.id)],
    )
    const jobIds = claims.rows.map((r) => r.job_id)
    const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) }
    for (const jobId of jobIds) await boss.fail(RUN_QUEUE, jobId, { message: 'the worker running it stopped answering (died or lost)' }, { db })
    await client.query('COMMIT')
    return jobIds
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  } finally {
    client.release()
  }
}
