/**
 * What every Store implementation decides the same way, whatever it writes to: a reason is
 * required for operator actions, what recording a run checks and which audit entries it appends,
 * the publication a release makes, the failed record that ends an accepted run that will not run.
 */
import { BundError } from '../kernel/errors.js'
import { publishedData } from './audit-chain.js'
import type { AcceptedRun } from './run-queue-persistence.js'
import type { Actor, Publication, RunRecord } from '../model/index.js'

/** An audit entry a write appends; the store chains it after its head. */
export interface PlannedEntry {
  actor: Actor
  action: string
  subject: string
  data: unknown
  /** When it happened, if not the write's own time. */
  at?: string
}

/**
 * The body to sign for the publication a recorded run carries: only a published run has one, it
 * must be of that run, and its id is derived from the content, whoever built the body.
 */
export function publicationBodyOf(run: RunRecord, publication: Omit<Publication, 'signature' | 'keyId'>): Omit<Publication, 'id' | 'signature' | 'keyId'> {
  if (run.status !== 'published') throw new BundError('STATE_CONFLICT', `run ${run.id} is ${run.status}; only a published run has a publication`)
  if (publication.runId !== run.id) throw new BundError('STATE_CONFLICT', `publication is of run ${publication.runId}, not ${run.id}`)
  const { id: _id, ...body } = publication
  return body
}

/** A run id is recorded once: a second record (another attempt, another worker) is refused. */
export function runAlreadyRecorded(id: string): BundError {
  return new BundError('STATE_CONFLICT', `run ${id} is already recorded`)
}

/** A publication id (derived from its content) is published once. */
export function publicationExists(id: string): BundError {
  return new BundError('STATE_CONFLICT', `publication ${id} already exists`)
}

/** An accepted run id is accepted once, and never after it was recorded. */
export function runAlreadyAccepted(id: string): BundError {
  return new BundError('STATE_CONFLICT', `run ${id} was already accepted`)
}

/**
 * The audit entries recording a run appends, in order: `run.started`, `run.finished` (the record,
 * naming its publication), `run.held` with the failing rules, `publication.published`.
 */
export function recordedRunEntries(run: RunRecord, actor: Actor, signed?: Publication): PlannedEntry[] {
  const { scenario, version, bundleSha256, seed, rows, params } = run
  return [
    { actor, action: 'run.started', subject: run.id, data: { scenario, version, bundleSha256, seed, rows, params }, at: run.startedAt },
    { actor, action: 'run.finished', subject: run.id, data: run, at: run.finishedAt },
    ...(run.status === 'held' ? [{ actor, action: 'run.held', subject: run.id, data: { failed: run.verdicts.filter((v) => v.status === 'fail').map((v) => v.rule) } }] : []),
    ...(signed !== undefined ? [{ actor, action: 'publication.published', subject: signed.id, data: publishedData(signed) }] : []),
  ]
}

/** The audit entry accepting a run appends. */
export function acceptedRunEntry(run: AcceptedRun): PlannedEntry {
  const { id: _id, ...data } = run
  return { actor: run.actor, action: 'run.accepted', subject: run.id, data }
}

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
