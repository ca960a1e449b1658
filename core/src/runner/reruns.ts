/**
 * The re-runs rules ask for (see compliance/rerun.ts), performed in the worker after the first run:
 * each distinct one once, on modified copies of the host's datasets, its output validated like the
 * first one's and hashed canonically. A re-run that fails is handed to its checks as a failure, so
 * their rules fail as "not evaluable" rather than being skipped.
 */
import type { ResultKind } from '@bund/sdk'
import { RESULT_SCHEMAS } from '@bund/sdk/schemas'
import { NotEvaluable } from '../compliance/check.js'
import { rerunDatasets } from '../compliance/rerun.js'
import { type RerunOutcome, type RerunRequest, rerunKey } from '../compliance/rerun-request.js'
import type { GeneratedDataset } from '../data/index.js'
import { sha256, canonicalJson } from '../kernel/index.js'
import type { IsolateOutcome } from '../sandbox/isolate.js'

/** Runs the scenario once more on the given datasets. */
export type RunAgain = (datasets: Record<string, GeneratedDataset>, label: string) => Promise<IsolateOutcome>

export async function performReruns(requests: readonly RerunRequest[], kind: ResultKind, datasets: Record<string, GeneratedDataset>, runAgain: RunAgain): Promise<Record<string, RerunOutcome>> {
  const outcomes: Record<string, RerunOutcome> = {}
  for (const request of requests) {
    const key = rerunKey(request)
    try {
      const run = await runAgain(rerunDatasets(datasets, request), key)
      if (!run.ok) {
        outcomes[key] = { ok: false, error: { code: run.error.code, message: run.error.message } }
        continue
      }
      const valid = RESULT_SCHEMAS[kind].safeParse(run.output)
      outcomes[key] = valid.success
        ? { ok: true, output: run.output, outputHash: sha256(canonicalJson(run.output)), reads: run.reads }
        : { ok: false, error: { code: 'OUTPUT_INVALID', message: `the re-run's output is not a valid ${kind} result` } }
    } catch (e) {
      outcomes[key] = { ok: false, error: { code: e instanceof NotEvaluable ? 'NOT_EVALUABLE' : 'RERUN_FAILED', message: (e as Error).message } }
    }
  }
  return outcomes
}
