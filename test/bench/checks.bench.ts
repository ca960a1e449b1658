/**
 * Speed of the checks at scale (`npx vitest bench --run --config test/vitest.config.ts test/bench/checks.bench.ts`).
 * Budgets: every credit check over 1,000,000 decisions in ≤ 250 ms; AUC over 1,000,000 scores in
 * ≤ 150 ms. Each figure is printed with a baseline measured in the same run, because the machine
 * is shared and noisy: a plain pass over the same columns for the credit checks, sorting the scores
 * for AUC.
 */
import { type CheckInput, type GeneratedDataset, type Manifest, auc, evaluateRules, loadRulePacks } from '@bund/core'
import { type TableData, creditDecisions, riskScores, tableBuilder } from '@bund/sdk'
import { afterAll, bench, describe } from 'vitest'

const N = 1_000_000

/** A small LCG, so the data is the same on every run. */
function lcg(seed: number) {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

function applicants(): TableData {
  const r = lcg(1)
  const t = tableBuilder({ id: 'u32', gender: 'dict', region: 'dict', ageBand: 'dict', defaulted: 'u8' }, N)
  for (let i = 0; i < N; i++) {
    t.columns.id[i] = 1 + i
    t.columns.gender.set(i, r() < 0.5 ? 'female' : 'male')
    t.columns.region.set(i, r() < 0.35 ? 'rural' : 'urban')
    t.columns.ageBand.set(i, ['18-29', '30-44', '45-59', '60+'][Math.floor(r() * 4)]!)
    t.columns.defaulted[i] = r() < 0.2 ? 1 : 0
  }
  return t.build()
}

const table = applicants()
const dataset = { kind: 'credit-applicants', training: { rows: 0, columns: {} }, evaluation: table, labels: ['defaulted'], protected: ['gender', 'region', 'ageBand'], companions: {} } as unknown as GeneratedDataset
const manifest = { category: 'credit' } as Manifest

const decisions = (() => {
  const r = lcg(2)
  const out = creditDecisions(N)
  for (let i = 0; i < N; i++) {
    const score = r()
    const approved = score < 0.8
    out.set(i, { applicantId: 1 + i, approved, score, apr: approved ? 0.04 + 0.05 * score : Number.NaN, reasons: approved ? [] : ['INCOME_INSUFFICIENT', 'DELINQUENCY'] })
  }
  return out.build()
})()

const scores = (() => {
  const r = lcg(3)
  const defaulted = new Uint8Array(table.columns['defaulted']!.buffer)
  const out = riskScores(N, 0)
  for (let i = 0; i < N; i++) out.scores.set(i, 1 + i, Math.min(1, Math.max(0, 0.3 * defaulted[i]! + 0.7 * r())))
  return out.build({ name: 'bench', features: ['x'] })
})()

const fairLending = loadRulePacks().filter((p) => p.id === 'fair-lending')
const creditInput = (): CheckInput => {
  // A fresh output object each time, so the per-output join cache does not carry over between iterations.
  const output = { ...decisions }
  return { kind: 'credit-decisions', output, datasets: { applicants: dataset }, manifest, reruns: { 'swap-attribute:gender': { ok: true, output: { ...decisions }, outputHash: '' }, 'swap-attribute:region': { ok: true, output: { ...decisions }, outputHash: '' } } }
}

/** The floor any check pays: one pass reading the same columns (ids, approval, group, label, APR, reasons). */
function plainPass(): number {
  const id = new Uint32Array(decisions.decisions.columns['applicantId']!.buffer)
  const approved = new Uint8Array(decisions.decisions.columns['approved']!.buffer)
  const apr = new Float64Array(decisions.decisions.columns['apr']!.buffer)
  const reason = new Uint8Array(decisions.decisions.columns['reason1']!.buffer)
  const gender = new Uint8Array(table.columns['gender']!.buffer)
  const label = new Uint8Array(table.columns['defaulted']!.buffer)
  let acc = 0
  for (let i = 0; i < N; i++) acc += id[i]! + approved[i]! + gender[i]! + label[i]! + (apr[i]! > 0.12 ? 1 : 0) + reason[i]!
  return acc
}

const timings: Record<string, number[]> = {}
function timed<T>(name: string, f: () => T): () => void {
  return () => {
    const t0 = performance.now()
    f()
    ;(timings[name] ??= []).push(performance.now() - t0)
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

describe(`credit checks over ${N.toLocaleString('en-US')} decisions`, () => {
  bench('all fair-lending rules (coverage, 4/5 ×2, parity ×2, equal opportunity ×2, reasons, APR cap, probes ×2)', timed('credit', () => evaluateRules(fairLending, creditInput())), { iterations: 10, warmupIterations: 2 })
  bench('baseline: one plain pass over the same columns', timed('credit-baseline', plainPass), { iterations: 10, warmupIterations: 2 })
})

describe(`AUC over ${N.toLocaleString('en-US')} scores`, () => {
  bench('auc check (join to labels, split by class, sort, count)', timed('auc', () => auc.evaluate({ kind: 'risk-scores', output: { ...scores }, datasets: { applicants: dataset }, manifest }, { threshold: 0.6 })), { iterations: 10, warmupIterations: 2 })
  bench('baseline: Float64Array.sort of the same scores', timed('auc-baseline', () => Float64Array.from(new Float64Array(scores.scores.columns['score']!.buffer)).sort()), { iterations: 10, warmupIterations: 2 })
})

afterAll(() => {
  const line = (name: string, base: string, budget: number, what: string) => {
    const t = timings[name] ?? [Number.NaN]
    const b = timings[base] ?? [Number.NaN]
    const [m, bm, lo, blo] = [median(t), median(b), Math.min(...t), Math.min(...b)]
    return `${what}: median ${m.toFixed(1)} ms, best ${lo.toFixed(1)} ms (budget ${budget} ms, best run ${lo <= budget ? 'within' : 'OVER'}); baseline median ${bm.toFixed(1)} ms, best ${blo.toFixed(1)} ms; ratio ${(m / bm).toFixed(2)}× (median), ${(lo / blo).toFixed(2)}× (best)`
  }
  console.log(`\n${line('credit', 'credit-baseline', 250, 'all credit checks, 1M decisions')}\n${line('auc', 'auc-baseline', 150, 'AUC, 1M scores')}\n(shared 2-core machine under load from other sessions: compare the ratios)\n`)
})
