/**
 * The describe worker's protocol (describe-worker.ts): read a bundle's definition. The run worker
 * (runner/worker-protocol.ts) answers the same job, so `bund build` can use either pool.
 */
import { type HealthJobs, type WorkerEntry, checkWith } from './worker-protocol.js'

export type DescribeJob = { type: 'describe'; bundle: string }

export const describeJobCheck = checkWith<DescribeJob>((v) => (typeof (v as { bundle?: unknown }).bundle === 'string' ? undefined : 'a describe job without its bundle'))

export type DescribeJobs = HealthJobs & {
  /** The definition's static fields: plain data here, checked by `buildScenario` against the manifest's schema. */
  describe: { job: DescribeJob; result: unknown }
}

export const describeResults: WorkerEntry<DescribeJobs>['results'] = { describe: checkWith<unknown>(() => undefined) }

/** The worker that only reads scenario definitions: it loads nothing of the runner, so it starts faster. */
export function describeWorkerEntry(): WorkerEntry<DescribeJobs> {
  return { url: new URL('./describe-worker.js', import.meta.url), results: describeResults }
}
