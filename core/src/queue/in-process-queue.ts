/**
 * A bounded in-process task queue: at most `concurrency` tasks at once (one per sandbox worker) and
 * at most `capacity` waiting. A full queue refuses at once with QUEUE_FULL and a retry delay instead
 * of growing without bound. Each entry reports its state and progress to subscribers (the SSE
 * stream), and finished entries are kept for a while so a client can read how its run ended.
 * The embedded run queue (embedded-run-queue.ts) runs on it; it knows nothing of runs.
 */
import { BundError } from '../kernel/index.js'
import type { QueueEntry, QueueEvent, QueueStats, QueueTask } from './run-queue.js'
import { Subscribers } from './subscribers.js'

export type { QueueEntry, QueueEvent, QueueStats, QueueTask }

export interface InProcessQueueOptions {
  /** Runs at once; the server sizes its worker pool the same. */
  concurrency: number
  /** Entries that may wait; one more is refused with QUEUE_FULL. */
  capacity: number
  /** Finished entries kept in memory for status reads (oldest dropped first). */
  keepFinished?: number
}

type Listener<T, M> = (event: QueueEvent<T, M>) => void

export class InProcessQueue<T, M = unknown> {
  readonly concurrency: number
  readonly capacity: number
  readonly #keepFinished: number
  readonly #waiting: Array<{ entry: QueueEntry<T, M>; task: QueueTask<T> }> = []
  readonly #entries = new Map<string, QueueEntry<T, M>>()
  readonly #finishedOrder: string[] = []
  readonly #subscribers = new Subscribers<QueueEvent<T, M>>()
  readonly #running = new Set<Promise<void>>()
  #runningCount = 0
  #finished = 0
  #rejected = 0
  #meanTaskMs = 5_000
  #closed = false

  constructor(options: InProcessQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new BundError('USAGE', `queue concurrency must be a positive integer, got ${options.concurrency}`)
    if (!Number.isInteger(options.capacity) || options.capacity < 0) throw new BundError('USAGE', `queue capacity must be a non-negative integer, got ${options.capacity}`)
    this.concurrency = options.concurrency
    this.capacity = options.capacity
    this.#keepFinished = options.keepFinished ?? 1_000
  }

  /**
   * Accepts a task or refuses it at once: QUEUE_FULL (with `retryAfterSeconds` in its details) when
   * every worker is busy and `capacity` entries already wait.
   */
  submit(id: string, meta: M, task: QueueTask<T>, options: { resumed?: boolean } = {}): QueueEntry<T, M> {
    if (this.#entries.has(id)) throw new BundError('USAGE', `a run with id ${id} is already queued`)
    // A run accepted before a restart was already acknowledged: it goes in whatever the room.
    if (!options.resumed) this.assertRoom()
    const entry: QueueEntry<T, M> = { id, meta, state: 'queued', progress: { fraction: 0, message: 'queued' }, submittedAt: new Date().toISOString() }
    this.#entries.set(id, entry)
    this.#waiting.push({ entry, task })
    this.#pump()
    return this.#view(entry)
  }

  /** Throws QUEUE_FULL (with `retryAfterSeconds`) unless a new entry would be accepted now. */
  assertRoom(): void {
    if (this.#closed) throw new BundError('QUEUE_FULL', 'the server is shutting down and accepts no new runs', { retryAfterSeconds: 30 })
    if (this.#runningCount >= this.concurrency && this.#waiting.length >= this.capacity) {
      const retryAfterSeconds = this.retryAfterSeconds()
      throw new BundError('QUEUE_FULL', `the run queue is full (${this.#runningCount} running, ${this.#waiting.length} waiting); retry in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      })
    }
  }

  /** An entry by id while queued, running or recently finished. */
  get(id: string): QueueEntry<T, M> | undefined {
    const entry = this.#entries.get(id)
    return entry === undefined ? undefined : this.#view(entry)
  }

  /** Entries still queued or running, oldest first. */
  active(): Array<QueueEntry<T, M>> {
    return [...this.#entries.values()].filter((e) => e.state === 'queued' || e.state === 'running').map((e) => this.#view(e))
  }

  /** Listens to one entry's events until it is done; returns the unsubscribe function. */
  subscribe(id: string, listener: Listener<T, M>): () => void {
    return this.#subscribers.add(id, listener)
  }

  stats(): QueueStats {
    return {
      concurrency: this.concurrency,
      capacity: this.capacity,
      queued: this.#waiting.length,
      running: this.#runningCount,
      finished: this.#finished,
      rejected: this.#rejected,
      meanTaskMs: Math.round(this.#meanTaskMs),
    }
  }

  /** How long a refused client should wait: the time for the waiting entries ahead to drain. */
  retryAfterSeconds(): number {
    const seconds = Math.ceil(((this.#waiting.length + 1) * this.#meanTaskMs) / this.concurrency / 1000)
    return Math.min(300, Math.max(1, seconds))
  }

  /**
   * Stops accepting; entries still waiting are dropped here (marked rejected; a persisted queue
   * resumes them at the next start); resolves when the running tasks have settled. The caller ends
   * them sooner by closing the worker pool.
   */
  async close(): Promise<void> {
    this.#closed = true
    for (const { entry } of this.#waiting.splice(0)) {
      this.#settle(entry, 'rejected', undefined, { code: 'SANDBOX_CRASHED', message: 'the server shut down before the run started; it is resumed at the next start' })
    }
    await Promise.allSettled([...this.#running])
  }

  #pump(): void {
    while (this.#runningCount < this.concurrency && this.#waiting.length > 0) {
      const next = this.#waiting.shift()!
      this.#runningCount++
      const done = this.#start(next.entry, next.task).finally(() => {
        this.#runningCount--
        this.#running.delete(done)
        this.#pump()
      })
      this.#running.add(done)
    }
  }

  async #start(entry: QueueEntry<T, M>, task: QueueTask<T>): Promise<void> {
    entry.state = 'running'
    entry.startedAt = new Date().toISOString()
    entry.progress = { fraction: 0, message: 'started' }
    this.#subscribers.emit(entry.id, { type: 'state', entry: this.#view(entry) })
    const started = performance.now()
    try {
      const result = await task((fraction, message) => {
        entry.progress = { fraction, message }
        this.#subscribers.emit(entry.id, { type: 'progress', id: entry.id, fraction, message })
      })
      this.#settle(entry, 'finished', result)
    } catch (e) {
      const error = e instanceof BundError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: 'the run could not be carried out' }
      this.#settle(entry, 'rejected', undefined, error)
    } finally {
      // A running mean of recent task times, weighted to the last ten or so.
      const ms = performance.now() - started
      this.#meanTaskMs = this.#finished + this.#rejected === 1 ? ms : this.#meanTaskMs * 0.9 + ms * 0.1
    }
  }

  #settle(entry: QueueEntry<T, M>, state: 'finished' | 'rejected', result?: T, error?: { code: string; message: string }): void {
    entry.state = state
    entry.finishedAt = new Date().toISOString()
    if (result !== undefined) entry.result = result
    if (error !== undefined) entry.error = error
    if (state === 'finished') this.#finished++
    else this.#rejected++
    this.#subscribers.emit(entry.id, { type: 'done', entry: this.#view(entry) })
    this.#subscribers.drop(entry.id)
    this.#finishedOrder.push(entry.id)
    while (this.#finishedOrder.length > this.#keepFinished) this.#entries.delete(this.#finishedOrder.shift()!)
  }

  /** A copy, with the waiting position filled in, so callers cannot change the queue's entries. */
  #view(entry: QueueEntry<T, M>): QueueEntry<T, M> {
    const view = { ...entry, progress: { ...entry.progress } }
    if (entry.state === 'queued') view.position = this.#waiting.findIndex((w) => w.entry === entry)
    return view
  }
}
