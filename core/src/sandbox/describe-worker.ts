/**
 * Entry point of a worker that only reads scenario definitions (`bund build`), forked by the pool
 * like the run worker (runner/worker-main.ts) but loading nothing of the runner: it starts faster.
 */
import { describeBundle } from './describe.js'
import { runtimeSource } from './runtime-source.js'
import { serveWorker } from './serve-worker.js'

serveWorker(async (job) => {
  const j = job as { type?: unknown; bundle?: unknown }
  if (j.type === 'describe' && typeof j.bundle === 'string') return describeBundle(j.bundle)
  throw new Error(`this worker only describes bundles, got a ${String(j.type)} job`)
})

// Bundle the SDK runtime now, while the caller is still bundling the scenario.
runtimeSource()
