/**
 * The worker side of the pool: answers each job message with `handle`'s result, or with its
 * error as plain data. Used by a worker module's entry point.
 */
import { BundError } from '../errors.js'
import type { WorkerMessage, WorkerRequest } from './pool.js'

export function serveWorker(handle: (job: unknown, progress: (fraction: number, message: string) => void) => Promise<unknown>): void {
  if (process.send === undefined) throw new Error('this module runs only as a forked sandbox worker')
  const send = (msg: WorkerMessage) => process.send?.(msg)
  process.on('message', (msg: WorkerRequest) => {
    if (msg?.type !== 'job') return
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
