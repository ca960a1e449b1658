/**
 * Carries out a run the queue accepted (the server's embedded queue or a `bund worker`): the stored
 * bundle is read back and checked against its registered hash, then run and recorded.
 */
import type { RulePack } from '../compliance/rule-pack.js'
import { BundError } from '../kernel/index.js'
import type { RunOutcome } from '../queue/run-queue.js'
import type { WorkerPool } from '../sandbox/pool.js'
import type { RunWorkerJobs } from './worker-protocol.js'
import type { AcceptedRun } from '../store/run-queue-persistence.js'
import type { Store } from '../store/store.js'
import { loadRegistered } from './registered-scenario.js'
import { type RunReport, runScenario } from './run-scenario.js'

export async function runAccepted(
  store: Store,
  pool: WorkerPool<RunWorkerJobs>,
  rulePacks: RulePack[],
  run: AcceptedRun,
  onProgress: (fraction: number, message: string) => void,
  recordRun?: Store['recordRun'],
): Promise<RunReport> {
  const { id, scenario, version, seed, rows, params, actor } = run
  const record = await store.getScenario(scenario, version)
  if (record === undefined) throw new BundError('SCENARIO_NOT_FOUND', `${scenario}@${version} is no longer registered`)
  return runScenario(store, pool, {
    runId: id,
    scenario: loadRegistered(store.artifacts, record),
    seed,
    rows,
    params,
    rulePacks,
    onProgress,
    registration: 'registered',
    actor,
    ...(recordRun ? { record: recordRun } : {}),
  })
}

/** How a run ended, as the queue tells it (the full report is the store's run record). */
export function outcomeOf(report: RunReport): RunOutcome {
  return { runId: report.runId, status: report.status, ...(report.publicationId ? { publicationId: report.publicationId } : {}) }
}
