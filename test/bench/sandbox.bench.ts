/**
 * The cost of isolation (issue 9). Run after a build:
 *   npx vitest bench --run --config test/vitest.config.ts test/bench/sandbox.bench.ts
 *
 * 1. credit-scoring on 100,000 applicants (5,000 training rows): (a) Bund's sandbox (a fresh
 *    isolate, data transferred in, output copied out and checked), (b) the same bundle and SDK
 *    runtime called directly in this process (the floor), (c) node:vm (a fresh context per run),
 *    (d) QuickJS (quickjs-emscripten, wasm), (e) an SES Compartment (in a child process, since
 *    lockdown() freezes the realm it runs in). Goals: (a) ≤ 1.15 × (b), (a) ≥ 10 × faster than (d).
 * 2. Fixed cost of a run (empty scenario, warm worker): p50 ≤ 5 ms; trivial runs ≥ 200/s with a
 *    pool of 2 workers.
 * 3. A 1,000,000-row × 8-column dataset into the isolate in ≤ 2 × a plain copy of the same bytes.
 *
 * Every ratio is against a baseline measured in the same run: the machine is shared and noisy.
 * vitest prints its table; the summary with the ratios is printed at the end.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import vm from 'node:vm'
import { getQuickJS } from 'quickjs-emscripten'
import { afterAll, bench, describe } from 'vitest'
import {
  ivm,
  type RunJob,
  SCENARIO_CLOCK_MS,
  WorkerPool,
  buildScenario,
  copyTable,
  datasetSeed,
  generateDataset,
  loadScenarioDir,
  resolveLimits,
  runInIsolate,
  runtimeSource,
  visibleEvaluation,
  workerEntry,
} from '@bund/core'
import { type TableData, Table } from '@bund/sdk'
import { type RuntimePayload, type RuntimeResult, SCENARIO_GLOBAL, setup } from '@bund/sdk/runtime'
import { ROOT, tempDir } from '../helpers/cli.js'

const ROWS = 100_000
const loadAtStart = loadavg()[0]!
const SEED = 7
const creditDir = join(ROOT, 'scenarios', 'credit-scoring')
const credit = loadScenarioDir(creditDir)
const bundle = credit.bundle
const request = credit.manifest.datasets['applicants']!
const generated = generateDataset({ kind: 'credit-applicants', rows: ROWS, trainingRows: request.trainingRows ?? 0, seed: datasetSeed(SEED, 'applicants') })
const inputs = { applicants: { evaluation: visibleEvaluation(generated), training: generated.training } }
const limits = resolveLimits({ ...credit.manifest.limits, wallMs: 600_000, cpuMs: 600_000 })

/** Fresh buffers (Bund transfers them away; QuickJS copies them in). */
function freshInputs(): RuntimePayload['datasets'] {
  return { applicants: { evaluation: copyTable(inputs.applicants.evaluation), training: copyTable(inputs.applicants.training) } }
}
function payloadOf(datasets: RuntimePayload['datasets']): RuntimePayload {
  return { datasets, params: {}, seed: SEED, logBytes: limits.logBytes, outputBytes: limits.outputBytes }
}

const times: Record<string, number[]> = {}
/** Process CPU time (all threads) per credit-scoring run: less sensitive than wall time to other load. */
const cpuTimes: Record<string, number[]> = {}
const checksums: Record<string, number> = {}
let cpuAtStart = process.cpuUsage()
function record(name: string, ms: number): void {
  ;(times[name] ??= []).push(ms)
  const cpu = process.cpuUsage(cpuAtStart)
  ;(cpuTimes[name] ??= []).push((cpu.user + cpu.system) / 1000)
}
/** Marks the start of a timed section (for the CPU time that `record` reads). */
function startCpu(): void {
  cpuAtStart = process.cpuUsage()
}
/** Approved count of a credit-decisions output, so every variant is seen to compute the same thing. */
function approved(output: unknown): number {
  const decisions = (output as { decisions: TableData }).decisions
  const column = new Table(decisions).column('approved' as never) as unknown as Uint8Array
  return column.reduce((n, v) => n + v, 0)
}
function expectOk(name: string, result: RuntimeResult | { ok: boolean; output?: unknown; error?: unknown }): void {
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify((result as { error?: unknown }).error)}`)
  checksums[name] = approved((result as { output: unknown }).output)
}

// (a) Bund: what a worker does for a run, in this process.
async function bund(): Promise<void> {
  startCpu()
  const started = performance.now()
  const outcome = await runInIsolate({ bundle, datasets: freshInputs(), params: {}, seed: SEED, clockMs: SCENARIO_CLOCK_MS, limits })
  record('a. Bund sandbox', performance.now() - started)
  if (!outcome.ok) throw new Error(`Bund failed: ${outcome.error.message}`)
  checksums['a. Bund sandbox'] = approved(outcome.output)
}

// (b) Direct: the same bundle and the same SDK runtime, in this realm, with nothing in between.
const scenarioExports = new Function(`${bundle}\nreturn ${SCENARIO_GLOBAL}`)() as unknown
async function direct(): Promise<void> {
  const g = globalThis as Record<string, unknown>
  const saved = { random: Math.random, Date: globalThis.Date }
  const datasets = inputs
  startCpu()
  const started = performance.now()
  g[SCENARIO_GLOBAL] = scenarioExports
  try {
    const result = await setup(SEED, SCENARIO_CLOCK_MS, () => {}).entry(payloadOf(datasets))
    record('b. direct (floor)', performance.now() - started)
    expectOk('b. direct (floor)', result)
  } finally {
    Math.random = saved.random
    globalThis.Date = saved.Date
    Object.defineProperty(saved.Date.prototype, 'constructor', { value: saved.Date, writable: true, configurable: true })
    delete g[SCENARIO_GLOBAL]
  }
}

// (c) node:vm: a fresh context per run; scripts compiled once.
const vmRuntime = new vm.Script(runtimeSource())
const vmBundle = new vm.Script(bundle)
async function nodeVm(): Promise<void> {
  startCpu()
  const started = performance.now()
  const context = vm.createContext({})
  const setupInContext = vmRuntime.runInContext(context) as typeof setup
  const { entry } = setupInContext(SEED, SCENARIO_CLOCK_MS, () => {})
  vmBundle.runInContext(context)
  const result = await entry(payloadOf(inputs))
  record('c. node:vm', performance.now() - started)
  expectOk('c. node:vm', result)
}

// (d) QuickJS: a fresh context per run; data copied in, output buffers copied out.
const QuickJS = await getQuickJS()
const PAYLOAD_REVIVER = `(function (meta, buffers) {
  const tables = (parts) => Object.fromEntries(Object.entries(parts).map(([k, t]) => [k, { rows: t.rows, columns: Object.fromEntries(Object.entries(t.columns).map(([n, c]) => [n, { type: c.type, buffer: buffers[c.b], ...(c.dictionary ? { dictionary: c.dictionary } : {}) }])) }]))
  return { ...meta, datasets: Object.fromEntries(Object.entries(meta.datasets).map(([k, parts]) => [k, tables(parts)])) }
})`
const OUTPUT_SPLITTER = `(function (value) {
  const buffers = []
  const walk = (v) => v instanceof ArrayBuffer ? { $b: buffers.push(v) - 1 } : ArrayBuffer.isView(v) ? { $b: buffers.push(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)) - 1 } : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v
  return { json: JSON.stringify(walk(value)), buffers }
})`
async function quickjs(): Promise<void> {
  startCpu()
  const started = performance.now()
  const context = QuickJS.newContext()
  try {
    const setupHandle = context.unwrapResult(context.evalCode(runtimeSource(), 'bund-runtime.js'))
    const progress = context.newFunction('progress', () => context.undefined)
    const entryHandle = context.unwrapResult(context.callFunction(setupHandle, context.undefined, context.newNumber(SEED), context.newNumber(SCENARIO_CLOCK_MS), progress))
    context.unwrapResult(context.evalCode(bundle, 'scenario.js')).dispose()
    const buffers: ArrayBuffer[] = []
    const meta = payloadOf({}) as RuntimePayload & { datasets: Record<string, unknown> }
    for (const [name, parts] of Object.entries(inputs)) {
      const tables: Record<string, unknown> = {}
      for (const [part, table] of Object.entries(parts)) {
        const columns = Object.fromEntries(Object.entries(table.columns).map(([n, c]) => [n, { type: c.type, b: buffers.push(c.buffer) - 1, ...(c.dictionary ? { dictionary: c.dictionary } : {}) }]))
        tables[part] = { rows: table.rows, columns }
      }
      meta.datasets[name] = tables as never
    }
    const bufferArray = context.newArray()
    buffers.forEach((b, i) => context.newArrayBuffer(b).consume((h) => context.setProp(bufferArray, i, h)))
    const reviver = context.unwrapResult(context.evalCode(PAYLOAD_REVIVER))
    const payload = context.unwrapResult(context.callFunction(reviver, context.undefined, context.newString(JSON.stringify(meta)).consume((s) => context.unwrapResult(context.callFunction(context.getProp(context.getProp(context.global, 'JSON'), 'parse'), context.undefined, s))), bufferArray))
    const promise = context.unwrapResult(context.callFunction(entryHandle, context.undefined, payload))
    const settled = context.resolvePromise(promise)
    context.runtime.executePendingJobs()
    const resultHandle = context.unwrapResult(await settled)
    const splitter = context.unwrapResult(context.evalCode(OUTPUT_SPLITTER))
    const split = context.unwrapResult(context.callFunction(splitter, context.undefined, resultHandle))
    const json = context.getString(context.getProp(split, 'json'))
    const outBuffers = context.getProp(split, 'buffers')
    const count = context.getNumber(context.getProp(outBuffers, 'length'))
    const copied: ArrayBuffer[] = []
    for (let i = 0; i < count; i++) {
      const bytes = context.getArrayBuffer(context.getProp(outBuffers, i))
      copied.push(bytes.value.slice().buffer)
    }
    const result = JSON.parse(json, (_k, v) => (v !== null && typeof v === 'object' && '$b' in v ? copied[(v as { $b: number }).$b] : v)) as RuntimeResult
    record('d. QuickJS (quickjs-emscripten)', performance.now() - started)
    expectOk('d. QuickJS (quickjs-emscripten)', result)
  } finally {
    // Handles are left to the context: disposing it frees them all.
    try {
      context.dispose()
    } catch {
      // quickjs-emscripten asserts on leaked handles in debug builds only
    }
  }
}

// (e) SES: in a child process (lockdown() freezes this realm's intrinsics for good).
function ses(): { ms: number[]; approved?: number; error?: string } {
  const child = spawnSync(process.execPath, ['--no-node-snapshot', join(ROOT, 'test', 'bench', 'ses-runner.mjs'), String(ROWS), String(SEED), '3'], { encoding: 'utf8', cwd: ROOT, timeout: 600_000 })
  const line = child.stdout.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(line) as { ms: number[]; approved?: number; error?: string }
  } catch {
    return { ms: [], error: (child.stderr || child.stdout || `exit ${child.status}`).trim().split('\n').slice(-3).join(' ') }
  }
}

// (a), (b) and (c) interleaved in every iteration, so a change in the machine's load hits all three alike.
describe(`credit-scoring on ${ROWS.toLocaleString('en')} applicants`, () => {
  bench(
    'a, b, c interleaved: Bund sandbox, direct, node:vm',
    async () => {
      await bund()
      await direct()
      await nodeVm()
    },
    { iterations: 7, warmupIterations: 1, time: 0, warmupTime: 0 },
  )
  bench('d. QuickJS (quickjs-emscripten)', quickjs, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 })
})

// Fixed cost and throughput, through real worker processes.
const emptyDir = join(ROOT, 'test', 'bench', 'fixtures', 'empty')
const buildPool = new WorkerPool({ entry: workerEntry(), size: 1 })
await buildScenario(emptyDir, buildPool)
await buildPool.close()
const empty = loadScenarioDir(emptyDir)
const artifactsDir = tempDir('bund-bench-')
function emptyJob(): RunJob {
  return { type: 'run', bundle: empty.bundle, manifest: empty.manifest, seed: 1, rows: null, params: {}, clockMs: SCENARIO_CLOCK_MS, limits: resolveLimits(), rulePacks: [], artifactsDir }
}
const pool1 = new WorkerPool({ entry: workerEntry(), size: 1 })
const pool2 = new WorkerPool({ entry: workerEntry(), size: 2 })

async function fixedCost(): Promise<void> {
  const started = performance.now()
  const outcome = await pool1.run(emptyJob(), { deadlineMs: 30_000 })
  record('fixed cost: empty run, warm worker (pool.run)', performance.now() - started)
  workerCpu.runs++
  if (outcome.error !== undefined) throw new Error(`empty run failed: ${JSON.stringify(outcome.error)}`)
}
async function fixedCostInProcess(): Promise<void> {
  startCpu()
  const started = performance.now()
  const outcome = await runInIsolate({ bundle: empty.bundle, datasets: {}, params: {}, seed: 1, clockMs: SCENARIO_CLOCK_MS, limits: resolveLimits() })
  record('fixed cost: empty run, sandbox only (runInIsolate)', performance.now() - started)
  if (!outcome.ok) throw new Error(outcome.error.message)
}
const BATCH = 400
async function throughput(): Promise<void> {
  startCpu()
  const started = performance.now()
  await Promise.all(Array.from({ length: BATCH }, () => pool2.run(emptyJob(), { deadlineMs: 60_000 })))
  record(`throughput: ${BATCH} trivial runs, pool of 2`, performance.now() - started)
}
/** Worker CPU per empty run, from the worker's own counter before and after the fixed-cost runs. */
const workerCpu: { before?: number; after?: number; runs: number } = { runs: 0 }

describe('fixed cost and throughput', () => {
  bench('fixed cost: empty run, warm worker (pool.run)', fixedCost, {
    iterations: 200,
    warmupIterations: 20,
    time: 0,
    warmupTime: 0,
    setup: async () => {
      workerCpu.before = (await pool1.health()).cpuMs
      workerCpu.runs = 0
    },
    teardown: async () => {
      workerCpu.after = (await pool1.health()).cpuMs
    },
  })
  bench('fixed cost: empty run, sandbox only (runInIsolate)', fixedCostInProcess, { iterations: 200, warmupIterations: 20, time: 0, warmupTime: 0 })
  bench(`throughput: ${BATCH} trivial runs, pool of 2`, throughput, { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 })
})

// A 1,000,000-row × 8-column (f64) dataset into the isolate, against a plain copy of the bytes.
const BIG_ROWS = 1_000_000
const bigColumns = Array.from({ length: 8 }, (_, c) => Float64Array.from({ length: BIG_ROWS }, (_, i) => i * (c + 1)).buffer)
const bigIsolate = new ivm.Isolate({ memoryLimit: 512 })
const bigContext = bigIsolate.createContextSync()
const receive = bigContext.evalSync(
  `(function (table) { let sum = 0; for (const c of Object.values(table.columns)) { const a = new Float64Array(c.buffer); sum += a[a.length - 1] } return table.rows + sum * 0 })`,
  { reference: true },
) as ivm.Reference<(table: TableData) => number>
function bigTable(buffers: ArrayBuffer[]): TableData {
  return { rows: BIG_ROWS, columns: Object.fromEntries(buffers.map((buffer, i) => [`c${i}`, { type: 'f64' as const, buffer }])) }
}
function plainCopy(): void {
  const started = performance.now()
  const copies = bigColumns.map((b) => b.slice(0))
  record('dataset: plain copy of the same bytes (baseline)', performance.now() - started)
  if (copies.length !== 8) throw new Error('copy failed')
}
function transferIn(): void {
  const buffers = bigColumns.map((b) => b.slice(0)) // what the worker transfers is its own copy (not timed here)
  const started = performance.now()
  const transfer = new ivm.ExternalCopy(bigTable(buffers), { transferList: buffers })
  const rows = receive.applySync(undefined, [transfer.copyInto({ transferIn: true, release: true })])
  record('dataset: into the isolate (transfer + Table views)', performance.now() - started)
  if (rows !== BIG_ROWS) throw new Error('transfer failed')
}
function copyIn(): void {
  const started = performance.now()
  const copy = new ivm.ExternalCopy(bigTable(bigColumns))
  const rows = receive.applySync(undefined, [copy.copyInto({ release: true })])
  record('dataset: into the isolate by copying (no transferList)', performance.now() - started)
  if (rows !== BIG_ROWS) throw new Error('copy failed')
}

describe('1,000,000 rows × 8 columns into the isolate', () => {
  const light = { iterations: 10, warmupIterations: 2, time: 0, warmupTime: 0 }
  bench('dataset: plain copy of the same bytes (baseline)', plainCopy, light)
  bench('dataset: into the isolate (transfer + Table views)', transferIn, light)
  bench('dataset: into the isolate by copying (no transferList)', copyIn, light)
})

function median(xs: number[] | undefined): number {
  if (xs === undefined || xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
const fmt = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(2)) : 'n/a')

afterAll(async () => {
  await pool1.close()
  await pool2.close()
  bigIsolate.dispose()
  const sesResult = ses()
  if (sesResult.ms.length > 0) times['e. SES Compartment (child process)'] = sesResult.ms
  const m = (k: string) => median(times[k])
  const floor = m('b. direct (floor)')
  const lines = [
    '',
    `== Bund sandbox benchmark · node ${process.version} · ${new Date().toISOString().slice(0, 10)} · medians · 1-min load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (2 cores, shared) ==`,
    `credit-scoring, ${ROWS.toLocaleString('en')} applicants (approved: ${JSON.stringify({ ...checksums, ...(sesResult.approved === undefined ? {} : { ses: sesResult.approved }) })})`,
  ]
  for (const k of ['a. Bund sandbox', 'b. direct (floor)', 'c. node:vm', 'd. QuickJS (quickjs-emscripten)', 'e. SES Compartment (child process)']) {
    const cpu = median(cpuTimes[k])
    lines.push(`  ${k.padEnd(40)} ${fmt(m(k)).padStart(9)} ms   ${fmt(m(k) / floor)} × direct   cpu ${fmt(cpu)} ms = ${fmt(cpu / median(cpuTimes['b. direct (floor)']))} × direct`)
  }
  if (sesResult.error !== undefined) lines.push(`  e. SES Compartment: did not run: ${sesResult.error}`)
  const cpu = (k: string) => median(cpuTimes[k])
  lines.push(
    `  Bund / direct = ${fmt(m('a. Bund sandbox') / floor)} wall, ${fmt(cpu('a. Bund sandbox') / cpu('b. direct (floor)'))} cpu (goal ≤ 1.15); QuickJS / Bund = ${fmt(m('d. QuickJS (quickjs-emscripten)') / m('a. Bund sandbox'))} wall, ${fmt(cpu('d. QuickJS (quickjs-emscripten)') / cpu('a. Bund sandbox'))} cpu (goal ≥ 10)`,
  )
  const fixed = m('fixed cost: empty run, warm worker (pool.run)')
  lines.push(`fixed cost, empty scenario: warm worker p50 ${fmt(fixed)} ms (goal ≤ 5), sandbox only p50 ${fmt(m('fixed cost: empty run, sandbox only (runInIsolate)'))} ms`)
  const batch = m(`throughput: ${BATCH} trivial runs, pool of 2`)
  const perRunWorkerCpu = workerCpu.after !== undefined && workerCpu.before !== undefined && workerCpu.runs > 0 ? (workerCpu.after - workerCpu.before) / workerCpu.runs : Number.NaN
  const perRunParentCpu = median(cpuTimes[`throughput: ${BATCH} trivial runs, pool of 2`]) / BATCH
  lines.push(`  cpu per empty run: worker ${fmt(perRunWorkerCpu)} ms (includes the health calls), parent ${fmt(perRunParentCpu)} ms; sandbox only ${fmt(median(cpuTimes['fixed cost: empty run, sandbox only (runInIsolate)']))} ms`)
  lines.push(`throughput, pool of 2: ${fmt((BATCH / batch) * 1000)} runs/s measured (goal ≥ 200); 2 idle cores at that cpu cost: ${fmt(2000 / (perRunWorkerCpu + perRunParentCpu))} runs/s`)
  const copy = m('dataset: plain copy of the same bytes (baseline)')
  lines.push(
    `1M × 8 f64 columns (64 MB): plain copy ${fmt(copy)} ms; into the isolate ${fmt(m('dataset: into the isolate (transfer + Table views)'))} ms = ${fmt(m('dataset: into the isolate (transfer + Table views)') / copy)} × (goal ≤ 2); by copying ${fmt(m('dataset: into the isolate by copying (no transferList)') / copy)} ×`,
  )
  process.stdout.write(`${lines.join('\n')}\n`)
})
