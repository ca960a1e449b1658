/**
 * The durable run queue, API side (`bund serve` with a database): a submitted run is recorded as
 * accepted in the store and sent to pg-boss (job id = the run's uuid), in one transaction, before
 * its id is returned;
 * `bund worker` processes take it from there. Reads are answered from a view kept in memory: it
 * follows the workers' events (LISTEN, run-events.ts) and is refreshed from the database every
 * `refreshMs`, which also catches events lost while a connection was down. The figures of
 * /healthz and /metrics (depth, workers alive, runs per status) come from the same refresh.
 */
import type { Logger } from 'pino'
import type pg from 'pg'
import { BundError } from '../kernel/index.js'
import type { AcceptedRun } from '../store/run-queue-persistence.js'
import type { PgBoss } from './pg-boss.js'
import { CRASHED_QUEUE, type DurableRunPersistence, type QueueTuning, RUN_QUEUE, jobIdOf, openQueueDatabase } from './queue-database.js'
import { RunEventListener, type WireEvent, runEventNotification } from './run-events.js'
import { type QueueStats, type RunEntry, type RunEvent, type RunQueue, runMeta } from './run-queue.js'
import { Subscribers } from './subscribers.js'
import { DEFAULT_DEAD_AFTER_MS } from './run-worker.js'
import { workersAlive } from './worker-registry.js'

const DEFAULT_REFRESH_MS = 1_000
/** Finished runs kept in the view for status reads (the store has them all). */
const KEEP_FINISHED = 1_000

export interface DurableRunQueueOptions extends QueueTuning {
  databaseUrl: string
  /** Runs that may wait (across every node); one more is refused with QUEUE_FULL. */
  capacity: number
  persistence: DurableRunPersistence
  /** Recorded runs per status, from the store's database. */
  runCounts?: () => Promise<Record<string, number>>
  logger: Logger
  refreshMs?: number
  deadAfterMs?: number
}

interface JobRow {
  id: string
  name: string
  state: string
  data: AcceptedRun
  created_on: Date
  started_on: Date | null
}

/** pg-boss's own table, read only: the runs waiting or running, and those whose workers died on every attempt until they are ended (the dead-letter queue). */
const JOBS_SQL = `SELECT id, name, state, data, created_on, started_on FROM pgboss.job WHERE name = ANY($1::text[]) AND state < 'completed'`
/** A run id as this queue makes them (its job id is the uuid). */
const RUN_ID = /^run_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A view entry for a run from its job. */
function entryOfJob(job: JobRow): RunEntry {
  const run = job.data
  const isRunning = job.name === RUN_QUEUE && job.state === 'active'
  return { id: run.id, meta: runMeta(run), state: isRunning ? 'running' : 'queued', progress: { fraction: 0, message: isRunning ? 'started' : 'queued' }, submittedAt: run.acceptedAt, ...(isRunning && job.started_on ? { startedAt: job.started_on.toISOString() } : {}) }
}

export class DurableRunQueue implements RunQueue {
  readonly #options: DurableRunQueueOptions
  readonly #boss: PgBoss
  readonly #pool: pg.Pool
  readonly #entries = new Map<string, RunEntry>()
  readonly #finishedOrder: string[] = []
  readonly #subscribers = new Subscribers<RunEvent>()
  /** Runs this node is accepting: their `accepted` event may arrive before the accepting write returns. */
  readonly #submitting = new Set<string>()
  #listener: RunEventListener | undefined
  #timer: NodeJS.Timeout | undefined
  #refreshing: Promise<void> | undefined
  #again = false
  #closed = false
  #stats: QueueStats

  private constructor(options: DurableRunQueueOptions, boss: PgBoss, pool: pg.Pool) {
    this.#options = options
    this.#boss = boss
    this.#pool = pool
    this.#stats = { concurrency: 0, capacity: options.capacity, queued: 0, running: 0, finished: 0, rejected: 0, meanTaskMs: 0, workersAlive: 0, runs: {} }
  }

  static async open(options: DurableRunQueueOptions): Promise<DurableRunQueue> {
    const { logger } = options
    const { boss, pool } = await openQueueDatabase(options.databaseUrl, { ...options, supervise: true, applicationName: 'bund-serve', onError: (e) => logger.error({ err: e }, 'queue database error') })
    const queue = new DurableRunQueue(options, boss, pool)
    try {
      await queue.#refresh()
      queue.#listener = new RunEventListener(options.databaseUrl, (event) => queue.#onEvent(event), (e) => logger.warn({ err: e }, 'run-event listener lost its connection; reconnecting'), () => void queue.#refresh())
      await queue.#listener.start()
    } catch (e) {
      await queue.close()
      throw e
    }
    queue.#timer = setInterval(() => void queue.#refresh(), options.refreshMs ?? DEFAULT_REFRESH_MS)
    return queue
  }

  async submit(run: AcceptedRun): Promise<RunEntry> {
    this.#assertRoom()
    const { persistence } = this.#options
    let notQueued: unknown
    this.#submitting.add(run.id)
    // The accepted run, its job and the `accepted` event commit together: no run is accepted
    // without its job, and none is queued that was not accepted.
    try {
      await persistence.acceptRun(run, {
        before: (query) =>
          this.#boss.send(RUN_QUEUE, run, { id: jobIdOf(run.id), db: { executeSql: (text, values) => query(text, values) } }).catch((e: unknown) => {
            notQueued = e
            throw e
          }),
        notify: () => runEventNotification({ type: 'accepted', id: run.id }),
      })
    } catch (e) {
      if (notQueued === undefined) throw e
      this.#options.logger.error({ runId: run.id, err: notQueued }, 'the run queue refused a job; the run was not accepted')
      throw new BundError('QUEUE_FULL', 'the run queue could not take the run; retry later', { retryAfterSeconds: 5 })
    } finally {
      this.#submitting.delete(run.id)
    }
    const entry: RunEntry = { id: run.id, meta: runMeta(run), state: 'queued', progress: { fraction: 0, message: 'queued' }, submittedAt: run.acceptedAt }
    if (!this.#entries.has(run.id)) this.#entries.set(run.id, entry)
    this.#stats = { ...this.#stats, queued: this.#stats.queued + 1 }
    return { ...entry, position: this.#stats.queued - 1 }
  }

  get(id: string): RunEntry | undefined {
    const entry = this.#entries.get(id)
    return entry === undefined ? undefined : { ...entry, progress: { ...entry.progress } }
  }

  /** A run accepted on another node that this node's view has not caught up with: its job, read now. */
  async find(id: string): Promise<RunEntry | undefined> {
    if (!RUN_ID.test(id) || this.#closed) return this.get(id)
    const jobs = await this.#pool.query<JobRow>(`${JOBS_SQL} AND id = $2`, [[RUN_QUEUE, CRASHED_QUEUE], jobIdOf(id)])
    const job = jobs.rows[0]
    if (job !== undefined && !this.#entries.has(id) && job.data?.id === id) this.#entries.set(id, entryOfJob(job))
    return this.get(id)
  }

  active(): RunEntry[] {
    return [...this.#entries.values()].filter((e) => e.state === 'queued' || e.state === 'running').map((e) => ({ ...e, progress: { ...e.progress } }))
  }

  subscribe(id: string, listener: (event: RunEvent) => void): () => void {
    return this.#subscribers.add(id, listener)
  }

  stats(): QueueStats {
    return { ...this.#stats }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    await this.#listener?.close()
    await this.#refreshing?.catch(() => undefined)
    await this.#boss.stop({ graceful: false, wait: true }).catch(() => undefined)
    await this.#pool.end().catch(() => undefined)
  }

  #assertRoom(): void {
    if (this.#closed) throw new BundError('QUEUE_FULL', 'the server is shutting down and accepts no new runs', { retryAfterSeconds: 30 })
    const { queued, capacity } = this.#stats
    if (queued >= capacity) {
      const retryAfterSeconds = Math.min(300, Math.max(1, Math.ceil(queued / Math.max(1, this.#stats.concurrency))))
      throw new BundError('QUEUE_FULL', `the run queue is full (${queued} waiting); retry in ${retryAfterSeconds} s`, { retryAfterSeconds })
    }
  }

  #onEvent(event: WireEvent): void {
    const entry = this.#entries.get(event.id)
    // A run accepted by another node: read it from the database (one refresh serves a burst).
    if (event.type === 'accepted' || (event.type === 'running' && entry === undefined)) {
      if (entry === undefined && !this.#submitting.has(event.id)) void this.#refresh()
      return
    }
    if (event.type === 'done') {
      if (entry !== undefined && (entry.state === 'finished' || entry.state === 'rejected')) return
      const base = entry ?? this.#placeholder(event.id)
      const ended: RunEntry = {
        ...base,
        state: event.state,
        finishedAt: event.at,
        ...(event.outcome ? { result: event.outcome } : {}),
        ...(event.error ? { error: event.error } : {}),
      }
      this.#finish(ended)
      return
    }
    if (entry === undefined || entry.state === 'finished' || entry.state === 'rejected') return
    if (event.type === 'running') {
      entry.state = 'running'
      entry.startedAt = event.at
      entry.progress = { fraction: 0, message: 'started' }
      this.#subscribers.emit(entry.id, { type: 'state', entry: this.get(entry.id)! })
    } else {
      entry.progress = { fraction: event.fraction, message: event.message }
      this.#subscribers.emit(entry.id, { type: 'progress', id: entry.id, fraction: event.fraction, message: event.message })
    }
  }

  /** A view entry for a run this node learns of only by its end. */
  #placeholder(id: string): RunEntry {
    return { id, meta: { scenario: '', version: '', seed: 0, rows: null, params: {}, actor: '', org: '' }, state: 'queued', progress: { fraction: 0, message: '' }, submittedAt: new Date().toISOString() }
  }

  #finish(entry: RunEntry): void {
    this.#entries.set(entry.id, entry)
    this.#subscribers.emit(entry.id, { type: 'done', entry: { ...entry } })
    this.#subscribers.drop(entry.id)
    this.#finishedOrder.push(entry.id)
    while (this.#finishedOrder.length > KEEP_FINISHED) this.#entries.delete(this.#finishedOrder.shift()!)
  }

  /** Reads the queue's runs and figures from the database: one read at a time, and one more after it when asked meanwhile. */
  #refresh(): Promise<void> {
    if (this.#refreshing !== undefined) {
      this.#again = true
      return this.#refreshing
    }
    this.#refreshing = this.#readDatabase()
      .catch((e: unknown) => this.#options.logger.warn({ err: e }, 'could not refresh the run queue from the database'))
      .finally(() => {
        this.#refreshing = undefined
        if (this.#again && !this.#closed) {
          this.#again = false
          void this.#refresh()
        }
      })
    return this.#refreshing
  }

  async #readDatabase(): Promise<void> {
    if (this.#closed) return
    const since = Date.now()
    const jobs = await this.#pool.query<JobRow>(`${JOBS_SQL} ORDER BY created_on, id`, [[RUN_QUEUE, CRASHED_QUEUE]])
    const deadAfterMs = this.#options.deadAfterMs ?? DEFAULT_DEAD_AFTER_MS
    const alive = await workersAlive(this.#pool, deadAfterMs)
    const slots = await this.#pool.query<{ n: string | null }>("SELECT sum(concurrency) AS n FROM bund_queue.workers WHERE seen_at > now() - $1 * interval '1 millisecond'", [deadAfterMs])
    const runs = (await this.#options.runCounts?.()) ?? this.#stats.runs ?? {}
    const activeIds = new Set<string>()
    let queued = 0
    let running = 0
    for (const job of jobs.rows) {
      const run = job.data
      if (typeof run?.id !== 'string') continue
      activeIds.add(run.id)
      const isRunning = job.name === RUN_QUEUE && job.state === 'active'
      if (isRunning) running++
      else queued++
      const known = this.#entries.get(run.id)
      if (known?.state === 'finished' || known?.state === 'rejected') continue
      if (known === undefined) {
        this.#entries.set(run.id, entryOfJob(job))
      } else if (isRunning && known.state === 'queued') {
        known.state = 'running'
        this.#subscribers.emit(run.id, { type: 'state', entry: this.get(run.id)! })
      } else if (!isRunning && known.state === 'running') {
        // Handed back after its worker died: waiting again.
        known.state = 'queued'
        known.progress = { fraction: 0, message: 'queued again: its worker stopped answering' }
        this.#subscribers.emit(run.id, { type: 'state', entry: this.get(run.id)! })
      }
    }
    // Runs gone from the queue whose end this node did not hear of (an event lost): ended; the
    // store has their record. Entries newer than this read are left for the next one.
    for (const entry of [...this.#entries.values()]) {
      if ((entry.state === 'queued' || entry.state === 'running') && !activeIds.has(entry.id) && Date.parse(entry.submittedAt) < since - 1000) {
        this.#finish({ ...entry, state: 'finished', finishedAt: new Date().toISOString() })
      }
    }
    this.#stats = { ...this.#stats, queued, running, concurrency: Number(slots.rows[0]?.n ?? 0), workersAlive: alive, runs }
  }
}
