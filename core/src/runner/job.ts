/**
 * A run, worker side (steps 2–5 of a run): generate the datasets from the seed, keep the hidden
 * labels, run the isolate, validate the output, write it as an artifact, evaluate the rules.
 * Only the verdicts and hashes go back to the parent; no dataset or output crosses processes.
 */
import type { LogLine } from '@bund/sdk/runtime'
import { boundEvidence, boundVerdict } from '../compliance/bound-verdict.js'
import { outputSchema } from '../compliance/checks/output-schema.js'
import { type DisabledRules, evaluateRules, rerunsNeeded } from '../compliance/evaluate.js'
import { protectedAttributesOfRun } from '../compliance/protected.js'
import type { RulePack } from '../compliance/rule-pack.js'
import type { Verdict, Manifest } from '../model/index.js'
import { copyTable, type DatasetSpec, estimateDatasetBytes, type GeneratedDataset, generateDataset, visibleEvaluation } from '../data/index.js'
import { mainPeriodSpec } from '../compliance/rerun.js'
import { runInIsolate } from '../sandbox/isolate.js'
import { type Resources } from '../model/index.js'
import type { RunLimits } from '../sandbox/limits.js'
import { ArtifactStore } from '../store/artifacts.js'
import { canonicalJson } from '../kernel/index.js'
import { runProgress } from './progress.js'
import { performReruns } from './reruns.js'
import { datasetSeed } from './dataset-seed.js'
import type { JobOutcome, RunJob } from './worker-protocol.js'

const MB = 1024 * 1024

export { datasetSeed }

export async function executeRun(job: RunJob, onProgress: (fraction: number, message: string) => void): Promise<JobOutcome> {
  const probes = rerunsNeeded(job.rulePacks, job.manifest.result, job.manifest.category, job.disabledRules ?? {}, protectedAttributesOfRun(job.manifest.datasets))
  // A run with an out-of-time re-run is evaluated in two periods a year apart, the main execution
  // seeing the one a secret coin gives it (compliance/rerun.ts), so neither execution can tell it
  // is the re-run.
  const periods = probes.some((p) => p.kind === 'out-of-time')
  const specs = Object.entries(job.manifest.datasets).map(([name, request]) => {
    const spec: DatasetSpec = {
      kind: request.kind,
      rows: job.rows ?? request.rows,
      trainingRows: request.trainingRows ?? 0,
      seed: job.evaluationKeys?.[name] ?? datasetSeed(job.seed, name),
      pii: request.pii ?? false,
      ...(request.options ? { options: request.options } : {}),
    }
    return [name, periods ? mainPeriodSpec(spec) : spec] as const
  })
  // Sized before made: every dataset goes into the isolate, so together they must fit its heap.
  const needed = specs.reduce((n, [, spec]) => n + estimateDatasetBytes(spec), 0)
  if (needed > job.limits.heapMb * MB) {
    const message = `the datasets need about ${Math.ceil(needed / MB)} MB, more than the run's heap of ${job.limits.heapMb} MB: ask for fewer rows or a larger heapMb`
    return { outputHash: null, outputBytes: 0, verdicts: [], resources: { wallMs: 0, cpuMs: 0, heapPeakBytes: 0 }, logs: [], logsTruncated: false, error: { code: 'SANDBOX_MEMORY', message } }
  }
  const datasets: Record<string, GeneratedDataset> = {}
  for (const [name, spec] of specs) datasets[name] = generateDataset(spec)
  // The isolate gets copies without the hidden labels; the host keeps its own for the checks.
  const isolateInputs = (data: Record<string, GeneratedDataset>) => Object.fromEntries(
    Object.entries(data).map(([name, d]) => [name, { evaluation: copyTable(visibleEvaluation(d)), training: copyTable(d.training), related: Object.fromEntries(Object.entries(d.companions ?? {}).map(([c, t]) => [c, copyTable(t)])) }]),
  )
  const runOnce = (data: Record<string, GeneratedDataset>, progress = onProgress) =>
    runInIsolate({
      bundle: job.bundle,
      datasets: isolateInputs(data),
      params: job.params,
      seed: job.seed,
      clockMs: job.clockMs,
      limits: job.limits,
      onProgress: progress,
    })
  // Every execution of this run (the main one, then each probe) shares one monotonic progress line.
  const progress = runProgress(onProgress, 1 + probes.length)
  const run = await runOnce(datasets, progress.execution(0))
  const base = { logs: run.logs, logsTruncated: run.logsTruncated, resources: run.resources }
  if (!run.ok) return { ...base, outputHash: null, outputBytes: 0, verdicts: [], error: run.error.toJSON() }

  const input = { kind: job.manifest.result, output: run.output, datasets, manifest: job.manifest }
  const schema = outputSchema.evaluate(input, {})
  if (!schema.passed) {
    const { passed: _passed, ...result } = schema
    // The pack's own rule names the verdict when it is loaded; the fallback words are for runs without it.
    const rule = job.rulePacks.flatMap((p) => p.rules).find((r) => r.check === 'output-schema')
    const verdict: Verdict = {
      rule: rule?.id ?? 'operational/output-schema',
      title: rule?.title ?? 'Output matches its result kind',
      check: 'output-schema',
      citation: rule?.citation ?? 'Bund result-kind contract (@bund/sdk)',
      remedy: rule?.remedy ?? 'Return the output shape of the manifest\'s result kind (see the SDK\'s types).',
      severity: 'block',
      status: 'fail',
      ...result,
    }
    const bounded = boundVerdict(verdict)
    return { ...base, outputHash: null, outputBytes: 0, verdicts: [bounded], error: { code: 'OUTPUT_INVALID', message: bounded.message, ...(schema.evidence ? { details: boundEvidence(schema.evidence) } : {}) } }
  }
  let encoded: string
  try {
    encoded = canonicalJson(run.output)
  } catch (e) {
    return { ...base, outputHash: null, outputBytes: 0, verdicts: [], error: { code: 'OUTPUT_INVALID', message: `the output cannot be serialised: ${(e as Error).message}` } }
  }
  const outputBytes = Buffer.byteLength(encoded)
  if (outputBytes > job.limits.outputBytes) {
    return {
      ...base,
      outputHash: null,
      outputBytes,
      verdicts: [],
      error: { code: 'OUTPUT_TOO_LARGE', message: `the output is ${outputBytes} bytes, over the limit of ${job.limits.outputBytes}` },
    }
  }
  const outputHash = new ArtifactStore(job.artifactsDir).put(encoded)
  // Checks that compare with another run (determinism, counterfactual probes) get it here.
  const disabled = job.disabledRules ?? {}
  let probe = 0
  const reruns = await performReruns(probes, input.kind, datasets, (data) => runOnce(data, progress.execution(++probe)))
  const readSet = mergeReads([run.reads, ...Object.values(reruns).map((r) => (r.ok ? r.reads : undefined))])
  const checked = { ...input, outputHash, resources: run.resources, limits: job.limits, reruns, reads: readSet }
  // Checks may quote what the scenario returned: every verdict is bounded before it leaves the worker.
  return { ...base, outputHash, outputBytes, readSet, verdicts: evaluateRules(job.rulePacks, checked, disabled).map(boundVerdict) }
}

/** The union of read-sets, each dataset's columns sorted. */
function mergeReads(sets: ReadonlyArray<Record<string, string[]> | undefined>): Record<string, string[]> {
  const union = new Map<string, Set<string>>()
  for (const set of sets) {
    for (const [dataset, columns] of Object.entries(set ?? {})) {
      const seen = union.get(dataset) ?? new Set<string>()
      for (const c of columns) seen.add(c)
      union.set(dataset, seen)
    }
  }
  return Object.fromEntries([...union].sort(([a], [b]) => a.localeCompare(b)).map(([d, c]) => [d, [...c].sort()]))
}
