/**
 * What every Store implementation decides the same way, whatever it writes to: a reason is
 * required for operator actions, the publication a release makes, the failed record that ends an
 * accepted run that will not run.
 */
import { BundError } from '../kernel/errors.js'
import type { AcceptedRun } from './run-queue-persistence.js'
import type { Publication, RunRecord } from '../model/index.js'

/** The trimmed reason; an empty one is a usage error. */
export function requireReason(reason: string): string {
  const why = typeof reason === 'string' ? reason.trim() : ''
  if (why === '') throw new BundError('USAGE', 'a reason is required, and it is recorded in the audit chain')
  return why
}

/** Refuses to release a run that is not held (or has no output); the refusal says why. */
export function checkReleasable(run: RunRecord): asserts run is RunRecord & { outputHash: string } {
  if (run.status !== 'held') {
    const detail = run.status === 'published' ? `it is already published as ${run.publicationId}` : 'a failed run has no result to publish'
    throw new BundError('STATE_CONFLICT', `run ${run.id} is ${run.status}, not held: ${detail}`)
  }
  if (run.outputHash === null) throw new BundError('STATE_CONFLICT', `run ${run.id} has no output to publish`)
}

/** The (unsigned, id-less) publication an operator's release of a held run makes. */
export function releasedPublicationBody(run: RunRecord & { outputHash: string }, at: string, by: string, reason: string): Omit<Publication, 'id' | 'signature' | 'keyId'> {
  return {
    runId: run.id,
    scenario: run.scenario,
    version: run.version,
    bundleSha256: run.bundleSha256,
    seed: run.seed,
    rows: run.rows,
    params: run.params,
    ...(run.evaluationKeys ? { evaluationKeys: run.evaluationKeys } : {}),
    outputHash: run.outputHash,
    ...(run.readSet ? { readSet: run.readSet } : {}),
    verdicts: run.verdicts,
    resources: run.resources,
    rulePacks: run.rulePacks,
    runtimeVersion: run.runtimeVersion ?? 'unknown',
    publishedAt: at,
    releasedBy: { by, reason },
  }
}

/** The failed run record that ends an accepted run with `error` (it never ran). */
export function failedAcceptedRun(run: AcceptedRun, bundleSha256: string, error: { code: string; message: string }): RunRecord {
  const at = new Date().toISOString()
  return {
    id: run.id,
    scenario: run.scenario,
    version: run.version,
    bundleSha256,
    seed: run.seed,
    rows: run.rows,
    params: run.params,
    status: 'failed',
    startedAt: at,
    finishedAt: at,
    outputHash: null,
    verdicts: [],
    resources: { wallMs: 0, cpuMs: 0, heapPeakBytes: 0 },
    rulePacks: {},
    error,
    logs: [],
  }
}
