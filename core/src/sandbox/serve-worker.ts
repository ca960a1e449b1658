/**
 * The worker side of the pool: answers each job message with its handler's result, or with its
 * error as plain data. Used by a worker module's entry point. Requests are checked on arrival (the
 * envelope, then the job against its type's schema); health requests (the worker's own memory)
 * are answered here, and a catastrophic isolate error ends the worker (SIGKILL) after telling the pool.
 */
import { BundError } from '../kernel/index.js'
import { killSelf, onCatastrophe } from './catastrophe.js'
import { type Check, type JobTable, type WorkerHealth, type WorkerMessage, problemOf, workerRequestCheck } from './worker-protocol.js'

export type Progress = (fraction: number, message: string) => void

/** Each job type of a protocol: the schema its jobs are checked with, and what answers them. */
export type JobHandlers<P extends JobTable> = {
  readonly [K in keyof P as K extends 'health' ? never : K]: { job: Check<P[K]['job']>; handle: (job: P[K]['job'], progress: Progress) => Promise<P[K]['result']> }
}

export function health(): WorkerHealth {
  const m = process.memoryUsage()
  const cpu = process.cpuUsage()
  return { pid: process.pid, rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external + m.arrayBuffers, cpuMs: (cpu.user + cpu.system) / 1000 }
}

/**
 * Serves jobs: typed `handlers` by job type, or one function for any job (a test's worker).
 * A job of no known type, or that does not match its schema, is answered with an error.
 */
export function serveWorker<P extends JobTable>(handlers: JobHandlers<P> | ((job: { type: string }, progress: Progress) => Promise<unknown>)): void {
  if (process.send === undefined) throw new Error('this module runs only as a forked sandbox worker')
  const send = (msg: WorkerMessage, done?: () => void) => process.send?.(msg, undefined, {}, done)
  onCatastrophe((message) => {
    process.stderr.write(`bund worker ${process.pid}: isolated-vm catastrophic error: ${message}\n`)
    // A small IPC message is written to the pipe at once when it can be; the pool ends the run on
    // it, or on the SIGKILL that follows right away if it could not leave.
    send({ type: 'fatal', message: message.slice(0, 500) })
    killSelf()
  })
  const answer = (job: { type: string }, progress: Progress): Promise<unknown> => {
    if (typeof handlers === 'function') return handlers(job, progress)
    const handler = (handlers as Record<string, { job: Check<unknown>; handle: (job: unknown, progress: Progress) => Promise<unknown> }>)[job.type]
    if (handler === undefined || !Object.hasOwn(handlers, job.type)) return Promise.reject(new Error(`this worker has no ${JSON.stringify(job.type)} job`))
    const parsed = handler.job.safeParse(job)
    if (!parsed.success) return Promise.reject(new Error(`a malformed ${job.type} job (${problemOf(parsed)})`))
    return handler.handle(parsed.data, progress)
  }
  process.on('message', (raw: unknown) => {
    const request = workerRequestCheck.safeParse(raw)
    // Nothing but the pool sends here; a message without an id cannot be answered.
    if (!request.success) return
    const { id, job } = request.data
    if (job.type === 'health') {
      send({ type: 'result', id, result: health() })
      return
    }
    const progress = (fraction: number, message: string) => send({ type: 'progress', id, fraction, message })
    answer(job, progress).then(
      (result) => send({ type: 'result', id, result }),
      (e: unknown) => {
        const error = e instanceof BundError ? e.toJSON() : { code: 'SANDBOX_CRASHED', message: `worker error: ${(e as Error)?.message ?? String(e)}` }
        send({ type: 'error', id, error })
      },
    )
  })
  // The parent going away leaves nothing to work for.
  process.on('disconnect', () => process.exit(0))
}
