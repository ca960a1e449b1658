// (e) of sandbox.bench.ts: credit-scoring in an SES Compartment. A process of its own, because
// lockdown() freezes every intrinsic of the realm it runs in. Prints one JSON line:
// { ms: [...], approved } or { ms: [], error }.
import 'ses'
import { SCENARIO_CLOCK_MS, copyTable, datasetSeed, generateDataset, loadScenarioDir, resolveLimits, runtimeSource, visibleEvaluation } from '@bund/core'
import { Table } from '@bund/sdk'

const [rows, seed, runs] = process.argv.slice(2).map(Number)
const credit = loadScenarioDir(new URL('../../scenarios/credit-scoring', import.meta.url).pathname)
const request = credit.manifest.datasets.applicants
const generated = generateDataset({ kind: 'credit-applicants', rows, trainingRows: request.trainingRows ?? 0, seed: datasetSeed(seed, 'applicants') })
const datasets = { applicants: { evaluation: copyTable(visibleEvaluation(generated)), training: copyTable(generated.training) } }
const limits = resolveLimits(credit.manifest.limits)
const runtime = runtimeSource()

try {
  lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe', consoleTaming: 'unsafe' })
  const ms = []
  let approved
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    // The runtime seeds Math.random and fixes Date: give the compartment its own, writable ones.
    const SandboxMath = Object.create(Math, { random: { value: Math.random, writable: true, configurable: true } })
    // SES leaves Float64Array and Float32Array out of compartments; the SDK needs them.
    const compartment = new Compartment({ Math: SandboxMath, Date, Float64Array, Float32Array })
    const setup = compartment.evaluate(runtime)
    const entry = setup(seed, SCENARIO_CLOCK_MS, () => {})
    compartment.evaluate(`${credit.bundle}\n;globalThis.__bund_scenario = __bund_scenario`, { __evadeImportExpressionTest__: true, __evadeHtmlCommentTest__: true })
    const result = await entry({ datasets, params: {}, seed, logBytes: limits.logBytes, outputBytes: limits.outputBytes })
    ms.push(performance.now() - started)
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    approved = new Table(result.output.decisions).column('approved').reduce((n, v) => n + v, 0)
  }
  console.log(JSON.stringify({ ms, approved }))
} catch (e) {
  console.log(JSON.stringify({ ms: [], error: String(e?.message ?? e).slice(0, 300) }))
}
