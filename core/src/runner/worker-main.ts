/** Entry point of a sandbox worker process (forked by the pool with --no-node-snapshot). */
import { describeBundle } from '../sandbox/describe.js'
import { serveWorker } from '../sandbox/serve-worker.js'
import { type DescribeJob, type RunJob, executeRun } from './job.js'

serveWorker(async (job, progress) => {
  const j = job as RunJob | DescribeJob
  if (j.type === 'run') return executeRun(j, progress)
  if (j.type === 'describe') return describeBundle(j.bundle)
  throw new Error(`unknown job type ${(j as { type: unknown }).type}`)
})
