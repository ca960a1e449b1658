/**
 * The run worker's protocol, declared once: the host (run-scenario.ts, through the pool) and the
 * worker (worker-main.ts, job.ts) both import it. The worker checks each job against its schema
 * when it arrives; the pool checks each result before the host sees it.
 */
import { z } from 'zod'
import { rulePackSchema } from '../compliance/rule-pack.js'
import { manifestSchema, logLineSchema, readSetSchema, resourcesSchema, runErrorSchema, verdictSchema } from '../model/index.js'
import { type DescribeJobs, describeResults } from '../sandbox/describe-protocol.js'
import type { RunLimits } from '../sandbox/limits.js'
import type { WorkerEntry } from '../sandbox/worker-protocol.js'

const runLimitsSchema: z.ZodType<RunLimits> = z.object({
  heapMb: z.number().positive(),
  wallMs: z.number().positive(),
  cpuMs: z.number().positive(),
  outputBytes: z.number().int().positive(),
  logBytes: z.number().int().nonnegative(),
})

/** Steps 2–5 of a run, in the worker (job.ts). */
export const runJobSchema = z.object({
  type: z.literal('run'),
  bundle: z.string(),
  manifest: manifestSchema,
  seed: z.number().int(),
  /** Overrides every dataset's evaluation rows when set. */
  rows: z.number().int().positive().nullable(),
  /**
   * Each dataset's evaluation key (runner/evaluation-keys.ts): the data is generated from it, not
   * from the public seed. Absent for a local, public run (`datasetSeed`).
   */
  evaluationKeys: z.record(z.string(), z.string()).optional(),
  params: z.unknown(),
  clockMs: z.number(),
  limits: runLimitsSchema,
  rulePacks: z.array(rulePackSchema),
  /** Rules the operator disabled for this run, with the reasons to record. */
  disabledRules: z.record(z.string(), z.string()).optional(),
  artifactsDir: z.string(),
})
export type RunJob = z.infer<typeof runJobSchema>

/** What a run job returns: verdicts and hashes, never a dataset or the output itself. */
export const jobOutcomeSchema = z.object({
  outputHash: z.string().nullable(),
  outputBytes: z.number().int().nonnegative(),
  verdicts: z.array(verdictSchema),
  resources: resourcesSchema,
  logs: z.array(logLineSchema),
  logsTruncated: z.boolean(),
  /** The columns the scenario read, per dataset (main run and re-runs together), sorted. */
  readSet: readSetSchema.optional(),
  error: runErrorSchema.optional(),
})
export type JobOutcome = z.infer<typeof jobOutcomeSchema>

/** The run worker answers runs, and describes bundles like the describe worker. */
export type RunWorkerJobs = DescribeJobs & { run: { job: RunJob; result: JobOutcome } }

/** A worker pool running this package's sandbox worker. */
export function workerEntry(): WorkerEntry<RunWorkerJobs> {
  return { url: new URL('./worker-main.js', import.meta.url), results: { ...describeResults, run: jobOutcomeSchema } }
}
