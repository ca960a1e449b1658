/**
 * The worker side of the durable queue (`bund worker`): takes accepted runs from pg-boss, at most
 * `concurrency` at once, carries each out with the executor it was given (which records the run in
 * the store), and tells every API node how it goes (run-events.ts). Alive by heartbeat; it reaps
 * the workers that stopped beating (worker-registry.ts), and ends as SANDBOX_CRASHED the runs whose
 * workers died on every attempt (pg-boss's dead-letter queue). The store records a run id once, so
 * a run handed back after its worker recorded it is not recorded or published again.
 */
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type pg from 'pg'
import { BundError } from '../kernel/index.js'
import type { AcceptedRun, RunQueuePersistence } from '../store/run-queue-persistence.js'
import { endUnrecorded, refusal } from './end-unrecorded.js'
import type { Job, JobWithMetadata, PgBoss } from './pg-boss.js'
import { CRASHED_QUEUE, type QueueTuning, RUN_QUEUE, type RecordAlong, jobIdOf, openQueueDatabase } from './queue-database.js'
import type { RunOutcome } from './run-queue.js'
import { RunEventListener, type WireEvent, clipMessage, doneEvent, publishRunEvent, runEventNotification } from './run-events.js'
import { CLAIM_RELEASE_SQL, claimStatement, heartbeat, reapDeadWorkers, registerWorker, releaseClaim, takeJob, unregisterWorker } from './worker-registry.js'

/**
 * Carries out one accepted run and records it, passing `along` to the store's recordRun (the
 * run's job completed, its claim released and its `done` event sent in the record's own
 * transaction); throws (a BundError) when it refuses to run it.
 */
export type DurableRunExecutor = (run: AcceptedRun, onProgress: (fraction: number, message: string) => void, along: RecordAlong) => Promise<RunOutcome>

export const DEFAULT_HEARTBEAT_MS = 2_000
export const DEFAULT_DEAD_AFTER_MS = 10_000
/** How often an idle slot asks for work when no submission woke it. */
const POLL_MS = 1_000
/** How often the dead-letter queue is read when no reaping here woke it (another worker's reaping, pg-boss's expiry). */
const CRASHED_POLL_MS = 5_000
/** Progress events of one run are sent at most this often, the first one this long after it started. */
const PROGRESS_EVERY_MS = 200

export interface RunWorkerOptions extends QueueTuning {
  databaseUrl: string
  /** Runs at once (the sandbox pool is sized alike). */
  concurrency: number
  /** Carries out and records a run; a BundError it throws is the run's refusal (recorded as failed). */
  execute: DurableRunExecutor
  persistence: RunQueuePersistence
  isRecorded(id: string): boolean | Promise<boolean>
  logger: Logger
  heartbeatMs?: number
  /** A worker silent this long is taken for dead and its runs handed back. */
  deadAfterMs?: number
}

export class RunWorker {
  readonly id = `worker_${randomUUID()}`
  readonly #options: RunWorkerOptions
  #boss: PgBoss | undefined
  #pool: pg.Pool | undefined
  #listener: RunEventListener | undefined
  #timer: NodeJS.Timeout | undefined
  #loops: Array<Promise<void>> = []
  #stopping = false
  #wake: Array<() => void> = []
  #wakeCrashed: Array<() => void> = []
  #running = 0

  constructor(options: RunWorkerOptions) {
    this.#options = options
  }

  get running(): number {
    return this.#running
  }

  async start(): Promise<void> {
    const { logger } = this.#options
    const { boss, pool } = await openQueueDatabase(this.#options.databaseUrl, {
      ...this.#options,
      // One connection per slot's take-and-claim, and a few for events, heartbeats and the dead-letter loop.
      connections: this.#options.concurrency + 4,
      supervise: true,
      applicationName: 'bund-worker',
      onError: (e) => logger.error({ err: e }, 'queue database error'),
    })
    this.#boss = boss
    this.#pool = pool
    const identity = { id: this.id, concurrency: this.#options.concurrency }
    await registerWorker(pool, identity)
    // Runs accepted but never queued (the accepting node died between the two) go in now; a run
    // already queued keeps its job (same id), so this is a no-op for it.
    for (const run of await this.#options.persistence.acceptedRuns()) await boss.send(RUN_QUEUE, run, { id: jobIdOf(run.id) })
    this.#listener = new RunEventListener(this.#options.databaseUrl, (event) => {
      if (event.type === 'accepted') this.#wakeSlots()
    }, (e) => logger.warn({ err: e }, 'run-event listener lost its connection; reconnecting'), () => this.#wakeAll())
    await this.#listener.start()
    const beat = this.#options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
    this.#timer = setInterval(() => void this.#tick(identity), beat)
    for (let i = 0; i < this.#options.concurrency; i++) this.#loops.push(this.#slot())
    this.#loops.push(this.#crashedLoop())
    logger.info({ worker: this.id, concurrency: this.#options.concurrency }, 'worker started')
  }

  /** Stops taking runs, lets the running ones finish, and leaves the registry. */
  async stop(): Promise<void> {
    if (this.#boss === undefined) return
    this.#stopping = true
    this.#wakeAll()
    await Promise.allSettled(this.#loops)
    clearInterval(this.#timer)
    await this.#listener?.close()
    await unregisterWorker(this.#pool!, this.id).catch(() => undefined)
    await this.#boss.stop({ graceful: false, wait: true }).catch(() => undefined)
    await this.#pool!.end().catch(() => undefined)
    this.#boss = undefined
  }

  async #tick(identity: { id: string; concurrency: number }): Promise<void> {
    const pool = this.#pool!
    try {
      await heartbeat(pool, identity)
      const handedBack = await reapDeadWorkers(pool, this.#boss!, this.#options.deadAfterMs ?? DEFAULT_DEAD_AFTER_MS)
      if (handedBack.length > 0) {
        this.#options.logger.warn({ jobs: handedBack.length }, 'runs of a dead worker handed back to the queue')
        this.#wakeAll()
      }
    } catch (e) {
      this.#options.logger.warn({ err: e }, 'heartbeat failed')
    }
  }

  async #slot(): Promise<void> {
    // The next job, taken in the transaction that recorded the last one (see #carryOut); claimed,
    // so it is carried out even when a stop came meanwhile.
    let next: JobWithMetadata<AcceptedRun> | undefined
    while (!this.#stopping || next !== undefined) {
      let job = next
      next = undefined
      if (job === undefined) {
        try {
          job = await takeJob<AcceptedRun>(this.#pool!, this.#boss!, RUN_QUEUE, this.id, (j) => this.#started(j))
        } catch (e) {
          this.#options.logger.warn({ err: e }, 'could not fetch a run')
        }
      }
      if (job === undefined) {
        await this.#idle(this.#wake, POLL_MS)
        continue
      }
      this.#running++
      try {
        next = await this.#carryOut(job)
      } finally {
        this.#running--
      }
    }
  }

  #started(job: JobWithMetadata<AcceptedRun>): { channel: string; payload: string } {
    return runEventNotification({ type: 'running', id: job.data.id, at: new Date().toISOString() })
  }

  /** Carries out one job; resolves with the next job when the record's transaction took one. */
  async #carryOut(job: JobWithMetadata<AcceptedRun>): Promise<JobWithMetadata<AcceptedRun> | undefined> {
    const { logger, persistence, isRecorded } = this.#options
    const boss = this.#boss!
    const pool = this.#pool!
    const run = job.data
    // A run's events go out in order, without holding the run up.
    let events = Promise.resolve()
    const announce = (event: WireEvent) => {
      events = events.then(() => this.#publish(event))
    }
    // The record's transaction also releases the claim, completes the job (pg-boss's complete on
    // that transaction; claim first, job second, the order the reaper locks them in) and sends
    // `done`: a run recorded is a job ended, in one commit.
    // Unless the worker is stopping, the same transaction also takes and claims the slot's next
    // job (pg-boss's fetch on it), so a busy slot spends no round trip of its own on taking one.
    let ended = false
    let next: JobWithMetadata<AcceptedRun> | undefined
    const along: RecordAlong = {
      before: (query) => {
        const db = { executeSql: (text: string, values: unknown[]) => query(text, values) }
        const steps: Array<Promise<unknown>> = [query(CLAIM_RELEASE_SQL, [job.id, this.id]), boss.complete(RUN_QUEUE, job.id, {}, { db })]
        if (!this.#stopping) {
          steps.push(
            boss.fetch<AcceptedRun>(RUN_QUEUE, { batchSize: 1, includeMetadata: true, db }).then(([taken]) => {
              if (taken === undefined) return
              // Sent before the write's last statement and COMMIT (pipelined behind them); a failed
              // claim fails the transaction, and the job stays waiting.
              const claim = claimStatement(taken.id, this.id, this.#started(taken))
              void query(claim.text, claim.values).catch(() => undefined)
              next = taken
            }),
          )
        }
        return Promise.all(steps)
      },
      notify: ({ run: recorded, publication }) => runEventNotification(doneEvent(run.id, 'finished', { outcome: { runId: recorded.id, status: recorded.status, ...(publication ? { publicationId: publication.id } : {}) } })),
      committed: () => {
        ended = true
      },
    }
    try {
      // A retry: an earlier attempt may have recorded it before its worker died; then nothing is
      // left to do. (A first attempt recorded meanwhile by another worker is refused by the store.)
      if (job.retryCount === 0 || !(await isRecorded(run.id))) {
        let done: WireEvent
        try {
          const outcome = await this.#options.execute(run, this.#progress(run.id, announce), along)
          done = doneEvent(run.id, 'finished', { outcome })
        } catch (e) {
          // Another attempt (a worker taken for dead, still running) recorded it first: the store
          // refused this second record, and the run ended once.
          if (await isRecorded(run.id)) done = doneEvent(run.id, 'finished', {})
          else {
            if (!isRefusal(e)) throw e
            const error = refusal(e)
            await endUnrecorded(persistence, isRecorded, run, error)
            done = doneEvent(run.id, 'rejected', { error })
          }
        }
        if (ended) return next
        announce(done)
      }
      await boss.complete(RUN_QUEUE, job.id)
    } catch (e) {
      // The store or the database failed: pg-boss retries the run (or dead-letters it).
      logger.error({ runId: run.id, err: e }, 'run could not be carried out; handed back to the queue')
      await boss.fail(RUN_QUEUE, job.id, { message: e instanceof Error ? e.message : String(e) }).catch(() => undefined)
    } finally {
      if (!ended) void releaseClaim(pool, job.id, this.id).catch(() => undefined)
    }
  }

  /** Ends the runs whose worker died on every attempt, as SANDBOX_CRASHED (once: the store records a run id once). */
  async #crashedLoop(): Promise<void> {
    const { persistence, isRecorded, logger } = this.#options
    while (!this.#stopping) {
      let jobs: Array<Job<AcceptedRun>> = []
      try {
        jobs = await this.#boss!.fetch<AcceptedRun>(CRASHED_QUEUE, { batchSize: 10 })
      } catch (e) {
        logger.warn({ err: e }, 'could not fetch from the dead-letter queue')
      }
      if (jobs.length === 0) {
        await this.#idle(this.#wakeCrashed, CRASHED_POLL_MS)
        continue
      }
      for (const job of jobs) {
        const run = job.data
        const error = { code: 'SANDBOX_CRASHED', message: `the worker running it died on every attempt (${1 + (this.#options.retries ?? 1)}); the run is ended, not retried again` }
        try {
          await endUnrecorded(persistence, isRecorded, run, error)
          await this.#publish(doneEvent(run.id, 'rejected', { error }))
          await this.#boss!.complete(CRASHED_QUEUE, job.id)
          logger.warn({ runId: run.id }, 'run ended: its workers died')
        } catch (e) {
          logger.error({ runId: run.id, err: e }, 'could not end a crashed run; retried')
          await this.#boss!.fail(CRASHED_QUEUE, job.id).catch(() => undefined)
        }
      }
    }
  }

  #progress(id: string, announce: (event: WireEvent) => void): (fraction: number, message: string) => void {
    // Counted from the run's start, and the last one is not forced: each event is a transaction
    // of its own (NOTIFY), and a run shorter than the interval sends none — its `running` and
    // `done` events ride on the writes that claim and record it.
    let last = Date.now()
    return (fraction, message) => {
      const now = Date.now()
      if (now - last < PROGRESS_EVERY_MS) return
      last = now
      announce({ type: 'progress', id, fraction: Math.min(1, Math.max(0, fraction)), message: clipMessage(message) })
    }
  }

  /** Events are best effort: a lost one never fails the run (the API nodes also refresh from the database). */
  async #publish(event: WireEvent): Promise<void> {
    try {
      await publishRunEvent(this.#pool!, event)
    } catch (e) {
      this.#options.logger.warn({ err: e, runId: event.id }, 'could not publish a run event')
    }
  }

  /** Waits until woken through `list`, or `ms` passed. */
  #idle(list: Array<() => void>, ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        const i = list.indexOf(done)
        if (i >= 0) list.splice(i, 1)
        resolve()
      }
      const timer = setTimeout(done, ms)
      list.push(done)
    })
  }

  #wakeSlots(): void {
    for (const wake of this.#wake.splice(0)) wake()
  }

  #wakeAll(): void {
    this.#wakeSlots()
    for (const wake of this.#wakeCrashed.splice(0)) wake()
  }
}

/** A refusal of the run itself (recorded as its end), as opposed to a fault of the database (retried). */
function isRefusal(e: unknown): boolean {
  return e instanceof BundError && (e.code as string) !== 'DATABASE_UNREACHABLE'
}
