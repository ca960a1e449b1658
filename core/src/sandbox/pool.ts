/**
 * The supervisor: a pool of child worker processes (started with --no-node-snapshot, which
 * isolated-vm needs) that run jobs one at a time each. isolated-vm can abort a whole process on a
 * hostile heap, so isolates never live in the caller's process; a worker that dies or stops
 * answering fails its job with SANDBOX_CRASHED and is replaced before the next job.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { BundError, type ErrorCode } from '../kernel/index.js'
import { CATASTROPHE_EXIT_CODE } from './catastrophe.js'
import { SANDBOX_EXEC_ARGV, isolatedVmPackage } from './node-lines.js'
import { type Check, type JobOf, type JobTable, type ResultOf, type WorkerEntry, type WorkerHealth, type WorkerMessage, type WorkerRequest, problemOf, workerHealthCheck, workerMessageCheck } from './worker-protocol.js'

export interface PoolOptions<P extends JobTable> {
  /**
   * The worker module to fork: a typed entry (its results are checked by job type), or a bare URL
   * whose results are only checked as messages (a test's worker).
   */
  entry: WorkerEntry<P> | URL
  /** Number of worker processes. */
  size?: number
  /** A worker resident above this after a job is replaced (default WORKER_RETIRE_RSS_BYTES). */
  retireAboveRssBytes?: number
}

/**
 * Memory the allocator keeps after many isolates is never given back to the system, so a
 * long-lived worker's resident size creeps up run after run; past this, it is replaced.
 */
export const WORKER_RETIRE_RSS_BYTES = 1024 * 1024 * 1024

export interface JobOptions {
  /** Kill the worker when no answer came by then (the worker enforces the real limits itself). */
  deadlineMs: number
  /** Past this the worker is reported stuck (default: half the deadline). */
  expectedMs?: number
  onProgress?: (fraction: number, message: string) => void
}

interface Slot {
  child: ChildProcess | undefined
  busy: boolean
  /** When the job it runs was handed to it, and when that job is overdue. */
  job?: { since: number; expectedMs: number }
}

/** One worker as `/healthz` reports it. */
export interface WorkerState {
  pid: number | null
  busy: boolean
  /** How long its current job has run, in ms. */
  busyMs: number
  /** Busy past what its job should take: the pool kills it at the job's deadline. */
  stuck: boolean
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: BundError) => void
  onProgress?: (fraction: number, message: string) => void
}

export class WorkerPool<P extends JobTable = JobTable> {
  readonly #entry: URL
  readonly #results: Partial<Record<string, Check<unknown>>>
  readonly #slots: Slot[]
  readonly #waiting: Array<(slot: Slot) => void> = []
  #nextId = 1
  #closed = false
  /** Workers that died and were replaced, for health reporting. */
  crashes = 0
  /** Workers replaced because they held too much memory after a job (not crashes). */
  retired = 0
  /** See PoolOptions.retireAboveRssBytes. */
  retireAboveRssBytes: number

  constructor(options: PoolOptions<P>) {
    // On a Node.js without its isolated-vm, one clear line now rather than workers that die at start.
    isolatedVmPackage()
    const entry = options.entry
    this.#entry = entry instanceof URL ? entry : entry.url
    this.#results = entry instanceof URL ? { health: workerHealthCheck } : { health: workerHealthCheck, ...entry.results }
    this.#slots = Array.from({ length: Math.max(1, options.size ?? 1) }, () => ({ child: undefined, busy: false }))
    this.retireAboveRssBytes = options.retireAboveRssBytes ?? WORKER_RETIRE_RSS_BYTES
  }

  /** Runs one job on a free worker, waiting for one if all are busy. */
  async run<J extends JobOf<P>>(job: J, options: JobOptions): Promise<ResultOf<P, J>> {
    if (this.#closed) throw new BundError('SANDBOX_CRASHED', 'the worker pool is closed')
    const slot = await this.#acquire()
    try {
      return (await this.#dispatch(slot, job, options)) as ResultOf<P, J>
    } finally {
      if (job.type !== 'health') await this.#retireIfLarge(slot)
      this.#release(slot)
    }
  }

  /** Starts the workers now rather than at their first job, so that their startup overlaps the caller's own work. */
  start(): this {
    for (const slot of this.#slots) if (slot.child === undefined && !this.#closed) this.#spawn(slot)
    return this
  }

  /** The pid and memory of a free worker (started if need be), asked through the same queue as jobs. */
  health(): Promise<WorkerHealth> {
    return this.run({ type: 'health' } as JobOf<P>, { deadlineMs: 10_000 }) as Promise<WorkerHealth>
  }

  /** Each worker's state, without asking it (a stuck worker would not answer). */
  workers(): WorkerState[] {
    const now = performance.now()
    return this.#slots.map((slot) => {
      const busyMs = slot.job === undefined ? 0 : Math.round(now - slot.job.since)
      return { pid: slot.child?.pid ?? null, busy: slot.job !== undefined, busyMs, stuck: slot.job !== undefined && busyMs > slot.job.expectedMs }
    })
  }

  /** The process ids of live workers (for tests and health checks). */
  pids(): number[] {
    return this.#slots.flatMap((s) => (s.child?.pid === undefined || s.child.exitCode !== null ? [] : [s.child.pid]))
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#closed = true
    await Promise.all(
      this.#slots.map(async (slot) => {
        const child = slot.child
        slot.child = undefined
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
        const exited = new Promise((resolve) => child.once('exit', resolve))
        // Keep the process alive until the worker is really gone.
        child.ref()
        child.kill('SIGKILL')
        await exited
      }),
    )
  }

  /** Asks the slot's worker its size after a job, and replaces it when above the bound. */
  async #retireIfLarge(slot: Slot): Promise<void> {
    const child = slot.child
    if (child === undefined || child.exitCode !== null || child.signalCode !== null || this.#closed) return
    try {
      const health = (await this.#dispatch(slot, { type: 'health' }, { deadlineMs: 10_000 })) as WorkerHealth
      if (health.rssBytes <= this.retireAboveRssBytes) return
    } catch {
      // A worker that could not answer was ended by #dispatch, which counted it as a crash.
      return
    }
    slot.child = undefined
    child.kill('SIGKILL')
    this.retired++
    // Its successor starts now, so that its startup overlaps whatever comes before the next job.
    this.#spawn(slot)
  }

  #acquire(): Promise<Slot> {
    const free = this.#slots.find((s) => !s.busy)
    if (free !== undefined) {
      free.busy = true
      return Promise.resolve(free)
    }
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  #release(slot: Slot): void {
    const next = this.#waiting.shift()
    if (next !== undefined) next(slot)
    else slot.busy = false
  }

  #spawn(slot: Slot): ChildProcess {
    const child = fork(this.#entry, [], {
      execArgv: [...SANDBOX_EXEC_ARGV],
      // Isolates read the process's time zone: scenarios see UTC, never the host's.
      env: { ...process.env, TZ: 'UTC' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    // An idle worker must not keep the caller's process alive.
    child.unref()
    ;(child as unknown as { channel?: { unref(): void } }).channel?.unref()
    slot.child = child
    return child
  }

  #dispatch(slot: Slot, job: { type: string }, options: JobOptions): Promise<unknown> {
    const child = slot.child !== undefined && slot.child.exitCode === null && slot.child.signalCode === null ? slot.child : this.#spawn(slot)
    const id = this.#nextId++
    slot.job = { since: performance.now(), expectedMs: options.expectedMs ?? options.deadlineMs / 2 }
    return new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject, ...(options.onProgress ? { onProgress: options.onProgress } : {}) }
      let settled = false
      const finish = (fn: () => void) => {
        if (settled) return
        settled = true
        slot.job = undefined
        clearTimeout(deadline)
        child.off('message', onMessage)
        child.off('exit', onExit)
        ;(child as unknown as { channel?: { unref(): void } }).channel?.unref()
        fn()
      }
      const onMessage = (raw: unknown) => {
        const parsed = workerMessageCheck.safeParse(raw)
        if (!parsed.success) return killMalformed(`a malformed message (${problemOf(parsed)})`)
        const msg: WorkerMessage = parsed.data
        if (msg.type === 'fatal') {
          // The worker kills itself right after this message; the run ends now, not at its exit.
          child.kill('SIGKILL')
          slot.child = undefined
          this.crashes++
          finish(() => pending.reject(new BundError('SANDBOX_CRASHED', `the sandbox worker ended itself after a catastrophic isolated-vm error (${msg.message.slice(0, 500)})`)))
          return
        }
        if (msg.id !== id) return
        if (msg.type === 'progress') pending.onProgress?.(msg.fraction, msg.message)
        else if (msg.type === 'result') {
          const schema = this.#results[job.type]
          const result = schema === undefined ? { success: true as const, data: msg.result } : schema.safeParse(msg.result)
          if (!result.success) return killMalformed(`a ${job.type} result that does not match its schema (${problemOf(result)})`)
          finish(() => pending.resolve(result.data))
        } else finish(() => pending.reject(new BundError(msg.error.code as ErrorCode, msg.error.message, msg.error.details)))
      }
      // The worker is trusted but expendable: one that speaks out of protocol is ended like a dead one.
      const killMalformed = (what: string) => {
        child.kill('SIGKILL')
        if (slot.child === child) slot.child = undefined
        this.crashes++
        finish(() => pending.reject(new BundError('SANDBOX_CRASHED', `the sandbox worker sent ${what.slice(0, 500)} and was killed`)))
      }
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        this.crashes++
        if (slot.child === child) slot.child = undefined
        const why =
          code === CATASTROPHE_EXIT_CODE
            ? 'the sandbox worker ended itself after a catastrophic isolated-vm error'
            : `the sandbox worker died (${signal ?? `exit code ${code}`}) during the run`
        finish(() => pending.reject(new BundError('SANDBOX_CRASHED', why)))
      }
      const deadline = setTimeout(() => {
        child.kill('SIGKILL')
        slot.child = undefined
        finish(() => pending.reject(new BundError('SANDBOX_CRASHED', `the sandbox worker stopped answering for ${options.deadlineMs} ms and was killed`)))
      }, options.deadlineMs)
      child.on('message', onMessage)
      child.on('exit', onExit)
      ;(child as unknown as { channel?: { ref(): void } }).channel?.ref()
      const request: WorkerRequest = { type: 'job', id, job }
      child.send(request)
    })
  }
}
