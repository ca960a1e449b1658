/**
 * A run, parent side: register the scenario, hand the job to a sandbox worker, gate the verdicts,
 * and record the run (and its publication when it passed) in the store.
 */
import { randomUUID } from 'node:crypto'
import { type DisabledRules, rerunsNeeded } from '../compliance/evaluate.js'
import { gate } from '../compliance/gate.js'
import { protectedAttributesOfRun } from '../compliance/protected.js'
import type { RulePack } from '../compliance/rule-pack.js'
import type { Verdict, Publication, RunRecord, RunStatus, Actor } from '../model/index.js'
import { BundError, isBundError, canonicalJson } from '../kernel/index.js'
import type { LoadedScenario } from '../manifest/load.js'
import { checkParams } from '../manifest/params-schema.js'
import { type StackFrame, mapScenarioStack } from '../manifest/source-map.js'
import { type RunLimits, resolveLimits } from '../sandbox/limits.js'
import type { WorkerPool } from '../sandbox/pool.js'
import { loadEvaluationSecret } from '../store/evaluation-secret.js'
import { publicationId } from '../store/signing.js'
import type { Store } from '../store/store.js'
import { evaluationKeys } from './evaluation-keys.js'
import type { JobOutcome, RunJob, RunWorkerJobs } from './worker-protocol.js'
import { RUNTIME_VERSION } from './version.js'

/** Time the worker may spend beyond the scenario's own wall limit (data generation, checks). */
const WORKER_GRACE_MS = 60_000
/** Time beyond the scenario's own after which a busy worker is reported stuck (data and checks take less). */
const STUCK_AFTER_MS = 15_000
/** The clock every scenario sees: fixed, so outputs do not depend on when they ran. */
export const SCENARIO_CLOCK_MS = Date.UTC(2026, 0, 1)

export interface RunRequest {
  scenario: LoadedScenario
  seed: number
  rows?: number | null
  params?: unknown
  rulePacks: RulePack[]
  /** Rules the operator disabled for this run, each with its reason (recorded in the verdicts). */
  disabledRules?: DisabledRules
  limits?: Partial<RunLimits>
  onProgress?: (fraction: number, message: string) => void
  /**
   * 'strict' refuses a version registered with another bundle; 'local' (default) runs it anyway;
   * 'registered': the scenario was read from the registry, so there is nothing to register.
   */
  registration?: 'strict' | 'local' | 'registered'
  /** Who asked for the run, for the audit chain (default `cli`). */
  actor?: Actor
  /** The run's id when the caller named it in advance (the server answers with it before the run). */
  runId?: string
  /**
   * How the datasets are drawn: 'blind' (default) from evaluation keys derived from the store's
   * secret, revealed in the run record and publication; 'public' from the seed alone (a local run
   * in a throwaway store); or the keys a publication revealed (`bund verify --rerun`).
   */
  evaluation?: 'blind' | 'public' | { keys: Record<string, string> }
  /** Records the run in place of `store.recordRun` (a worker adds its job's end to the same write). */
  record?: Store['recordRun']
}

/** What a run reports: the shape of `bund run --json`. */
export interface RunReport {
  status: RunStatus
  runId: string
  publicationId?: string
  scenario: string
  version: string
  seed: number
  outputHash: string | null
  verdicts: Array<Pick<Verdict, 'rule' | 'status' | 'figure' | 'threshold'> & Partial<Verdict>>
  /** The columns the scenario read, per dataset. */
  readSet?: Record<string, string[]>
  resources: { wallMs: number; cpuMs: number; heapPeakBytes: number }
  /** Why the run failed; a SCENARIO_THREW carries the scenario's own frames, mapped to src/ when built here. */
  error?: { code: string; message: string; stack?: string; frames?: StackFrame[] }
  /** sha256 of the bundle that ran: which build this report is about. */
  bundleSha256: string
  logs: RunRecord['logs']
  /** True when the log was cut at the run's log limit. */
  logsTruncated: boolean
}

export async function runScenario(store: Store, pool: WorkerPool<RunWorkerJobs>, request: RunRequest): Promise<RunReport> {
  const { manifest, bundle } = request.scenario
  const bundleSha256 = manifest.bundle.sha256
  const limits = resolveLimits(manifest.limits ?? {}, request.limits ?? {})
  const rows = request.rows ?? null
  const params = request.params ?? {}
  // Checked here, before the run, against the manifest's JSON Schema: the CLI, the server's queue
  // and runLocal all come this way (the API checks the same way before it queues the run).
  checkParams(manifest, params)
  const evaluation = request.evaluation ?? 'blind'
  const keys =
    evaluation === 'public'
      ? undefined
      : evaluation === 'blind'
        ? evaluationKeys(await store.evaluationSecret(), { bundleSha256, seed: request.seed, rows, params, datasets: Object.keys(manifest.datasets) })
        : evaluation.keys
  const job: RunJob = {
    type: 'run',
    bundle,
    manifest,
    seed: request.seed,
    rows,
    ...(keys ? { evaluationKeys: keys } : {}),
    params,
    clockMs: SCENARIO_CLOCK_MS,
    limits,
    rulePacks: request.rulePacks,
    ...(request.disabledRules ? { disabledRules: request.disabledRules } : {}),
    artifactsDir: store.artifacts.dir,
  }
  const runId = request.runId ?? `run_${randomUUID()}`
  const startedAt = new Date().toISOString()
  const started = performance.now()
  // The first run, plus any re-runs the rules ask for, each within the wall limit.
  const runsMs = limits.wallMs * (1 + rerunsNeeded(request.rulePacks, manifest.result, manifest.category, request.disabledRules, protectedAttributesOfRun(manifest.datasets)).length)
  let outcome: JobOutcome
  try {
    outcome = await pool.run(job, {
      deadlineMs: runsMs + WORKER_GRACE_MS,
      // Past the scenario's own time plus a little, a busy worker shows as stuck on /healthz.
      expectedMs: runsMs + STUCK_AFTER_MS,
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    })
  } catch (e) {
    const error = e instanceof BundError ? e : new BundError('SANDBOX_CRASHED', String(e))
    const wallMs = Math.round((performance.now() - started) * 100) / 100
    outcome = { outputHash: null, outputBytes: 0, verdicts: [], resources: { wallMs, cpuMs: 0, heapPeakBytes: 0 }, logs: [], logsTruncated: false, error: error.toJSON() }
  }
  // Parameters that do not fit the scenario are the caller's mistake, not a run: nothing is recorded.
  if (outcome.error?.code === 'PARAMS_INVALID') throw new BundError('PARAMS_INVALID', `params: ${outcome.error.message}`)
  // The isolate's stack text is replaced by its scenario frames (mapped to src/ when the map is here).
  const thrown = scenarioStack(outcome.error, request.scenario)
  if (outcome.error !== undefined && thrown !== undefined) outcome.error = { ...outcome.error, details: { ...outcome.error.details, ...thrown } }
  // Bundle and manifest are kept as artifacts, so `bund verify --rerun` can re-execute the run.
  store.artifacts.put(bundle)
  const manifestSha256 = store.artifacts.put(canonicalJson(manifest))
  const actor = request.actor ?? 'cli'
  // A local build may reuse a registered version with a changed bundle: the run still records its
  // own bundle hash, so provenance stays exact; only the registry keeps the first bundle.
  if (request.registration !== 'registered') await store.putScenario({
    id: manifest.id,
    version: manifest.version,
    title: manifest.title,
    author: manifest.author,
    category: manifest.category,
    result: manifest.result,
    bundleSha256,
    manifest,
    registeredAt: new Date().toISOString(),
  }, actor).catch((e: unknown) => {
    if (!isBundError(e, 'VERSION_CONFLICT') || request.registration === 'strict') throw e
  })
  const status: RunStatus = outcome.error !== undefined ? 'failed' : gate(outcome.verdicts)
  const rulePacks = Object.fromEntries(request.rulePacks.map((p) => [p.id, p.version]))
  const finishedAt = new Date().toISOString()
  let unsigned: Omit<Publication, 'signature' | 'keyId'> | undefined
  if (status === 'published' && outcome.outputHash !== null) {
    const body = {
      runId,
      scenario: manifest.id,
      version: manifest.version,
      bundleSha256,
      seed: request.seed,
      rows,
      params,
      ...(keys ? { evaluationKeys: keys } : {}),
      outputHash: outcome.outputHash,
      ...(outcome.readSet ? { readSet: outcome.readSet } : {}),
      verdicts: outcome.verdicts,
      resources: outcome.resources,
      rulePacks,
      runtimeVersion: RUNTIME_VERSION,
      publishedAt: finishedAt,
    }
    unsigned = { id: publicationId(body), ...body }
  }
  const run: RunRecord = {
    id: runId,
    scenario: manifest.id,
    version: manifest.version,
    bundleSha256,
    manifestSha256,
    seed: request.seed,
    rows,
    params,
    ...(keys ? { evaluationKeys: keys } : {}),
    status,
    startedAt,
    finishedAt,
    outputHash: outcome.outputHash,
    ...(outcome.readSet ? { readSet: outcome.readSet } : {}),
    verdicts: outcome.verdicts,
    resources: outcome.resources,
    rulePacks,
    logs: outcome.logs,
    ...(outcome.logsTruncated ? { logsTruncated: true } : {}),
    runtimeVersion: RUNTIME_VERSION,
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(unsigned ? { publicationId: unsigned.id } : {}),
  }
  // The store signs the publication and records run, publication and audit entries in one write.
  const publication = await (request.record ?? store.recordRun.bind(store))(run, unsigned, actor)
  return {
    status,
    runId,
    ...(publication ? { publicationId: publication.id } : {}),
    scenario: manifest.id,
    version: manifest.version,
    seed: request.seed,
    outputHash: outcome.outputHash,
    verdicts: outcome.verdicts,
    ...(outcome.readSet ? { readSet: outcome.readSet } : {}),
    resources: outcome.resources,
    ...(outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message, ...(thrown && thrown.frames.length > 0 ? thrown : {}) } } : {}),
    bundleSha256,
    logs: outcome.logs,
    logsTruncated: outcome.logsTruncated,
  }
}

/** The scenario frames of a failed run's stack (text from the isolate), mapped to src/ when the map is at hand. */
function scenarioStack(error: JobOutcome['error'], scenario: LoadedScenario): { stack: string; frames: StackFrame[] } | undefined {
  const raw = error?.details?.['stack']
  if (typeof raw !== 'string') return undefined
  return mapScenarioStack(raw, scenario.sourceMap)
}
