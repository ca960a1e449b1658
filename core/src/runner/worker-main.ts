/** Entry point of a sandbox worker process (forked by the pool with --no-node-snapshot). */
import { describeJobCheck } from '../sandbox/describe-protocol.js'
import { describeBundle } from '../sandbox/describe.js'
import { serveWorker } from '../sandbox/serve-worker.js'
import { executeRun } from './job.js'
import { type RunWorkerJobs, runJobSchema } from './worker-protocol.js'

serveWorker<RunWorkerJobs>({
  run: { job: runJobSchema, handle: executeRun },
  describe: { job: describeJobCheck, handle: (job) => describeBundle(job.bundle) },
})
