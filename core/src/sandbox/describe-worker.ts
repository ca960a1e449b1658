/**
 * Entry point of a worker that only reads scenario definitions (`bund build`), forked by the pool
 * like the run worker (runner/worker-main.ts) but loading nothing of the runner: it starts faster.
 */
import { type DescribeJobs, describeJobCheck } from './describe-protocol.js'
import { describeBundle } from './describe.js'
import { runtimeSource } from './runtime-source.js'
import { serveWorker } from './serve-worker.js'

serveWorker<DescribeJobs>({ describe: { job: describeJobCheck, handle: (job) => describeBundle(job.bundle) } })

// Bundle the SDK runtime now, while the caller is still bundling the scenario.
runtimeSource()
