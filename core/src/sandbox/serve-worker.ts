/**
 * The worker side of the pool: answers each job message with `handle`'s result, or with its
 * error as plain data. Used by a worker module's entry point. Health requests (the worker's own
 * memory) are answered here, and a catastrophic isolate error ends the worker (SIGKILL) after telling the pool.
 */
import { BundError } from '../kernel/index.js'
import { killSelf, onCatastrophe } from './catastrophe.js'
import type { WorkerHealth, WorkerMessage, WorkerRequest } from './pool.js'

export function health(): WorkerHealth {
  const m = process.memoryUsage()
  const cpu = process.cpuUsage()
  return { pid: process.pid, rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external + m.arrayBuffers, cpuMs: (cpu.user + cpu.system) / 1000 }
}

export function serveWorker(handle: (job: unknown, progress: (fraction: number, message: string) => void) => Promise<unknown>): void {
  if (process.send === undefined) throw new Error('this module runs only as a forked sandbox worker')
  const send = (msg: WorkerMessage, done?: () => void) => process.send?.(msg, undefined, {}, done)
  onCatastrophe((message) => {
    process.stderr.write(`bund worker ${process.pid}: isolated-vm catastrophic error: ${message}\n`)
    // A small IPC message is written to the pipe at once when it can be; the pool ends the run on
    // it, or on the SIGKILL that follows right away if it could not leave.
    send({ type: 'fatal', message: message.slice(0, 500) })
    killSelf()
  })
  process.on('message', (msg: WorkerRequest) => {
    if (msg?.type !== 'job') return
    if ((msg.job as { type?: unknown } | null)?.type === 'health') {
      send({ type: 'result', id: msg.id, result: health() })
      return
    }
    const progress = (fraction: number, message: string) => send({ type: 'progress', id: msg.id, fraction, message })
    handle(msg.job, progress).then(
      (result) => send({ type: 'result', id: msg.id, result }),
      (e: unknown) => {
        const error = e instanceof BundError ? e.toJSON() : { code: 'SANDBOX_CRASHED', message: `worker error: ${(e as Error)?.message ?? String(e)}` }
        send({ type: 'error', id: msg.id, error })
      },
    )
  })
  // The parent going away leaves nothing to work for.
  process.on('disconnect', () => process.exit(0))
}
