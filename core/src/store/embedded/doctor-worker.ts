/**
 * A worker thread of `bund doctor` (doctor.ts, `SegmentChecks.prepare`): takes segments from the
 * shared queue and checks them (hash, schema, signatures) as the main thread would, posting each
 * check back by its index. Whatever it does not finish the main thread checks itself.
 */
import { type MessagePort, workerData } from 'node:worker_threads'
import type { DoctorWorkerData } from './doctor.js'

const { dataDir, keys, tasks, counters, port } = workerData as DoctorWorkerData & { port: MessagePort }
const claimed = new Int32Array(counters)
try {
  const { SegmentChecks } = await import('./doctor.js')
  const checks = new SegmentChecks(dataDir, keys)
  for (let i = Atomics.add(claimed, 0, 1); i < tasks.length; i = Atomics.add(claimed, 0, 1)) {
    const task = tasks[i]
    if (task === undefined) break
    port.postMessage([i, checks.of(task.log, task.ref)])
    Atomics.add(claimed, 2, 1)
    Atomics.notify(claimed, 2)
  }
} finally {
  Atomics.add(claimed, 1, 1)
  Atomics.notify(claimed, 2)
}
