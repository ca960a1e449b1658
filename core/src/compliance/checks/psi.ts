import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinScores } from '../risk-join.js'
import { OUT_OF_TIME_DRIFT, hasOutOfTime, outOfTimeDataset, outOfTimeIsLater } from '../rerun.js'
import { rerunKey } from '../rerun-request.js'
import { say } from '../verdict-text.js'

/** Shares below this are raised to it, so an empty bin does not make the index infinite. */
const FLOOR = 1e-4

/**
 * Population stability index between an expected (training) and an actual (evaluation) score
 * distribution: bins at the expected scores' quantiles (deciles by default; bin b holds
 * edge_b ≤ x < edge_b+1), shares floored at 1e-4, PSI = Σ_b (a_b − e_b) · ln(a_b / e_b)
 * (Siddiqi, Credit Risk Scorecards, 2006). Below 0.1 is read as stable, above 0.25 as shifted.
 */
export function populationStabilityIndex(expected: Float64Array, actual: Float64Array, bins: number) {
  const sorted = Float64Array.from(expected).sort()
  const edges: number[] = []
  for (let k = 1; k < bins; k++) {
    const edge = sorted[Math.floor((k * sorted.length) / bins)]!
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge)
  }
  const binOf = (x: number) => {
    let lo = 0
    let hi = edges.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (x >= edges[mid]!) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const e = new Float64Array(edges.length + 1)
  const a = new Float64Array(edges.length + 1)
  for (const x of expected) e[binOf(x)]!++
  for (const x of actual) a[binOf(x)]!++
  let psi = 0
  const table: Array<{ from: number | null; expected: number; actual: number; term: number }> = []
  for (let b = 0; b < e.length; b++) {
    const es = Math.max(e[b]! / expected.length, FLOOR)
    const as = Math.max(a[b]! / actual.length, FLOOR)
    const term = (as - es) * Math.log(as / es)
    psi += term
    table.push({ from: b === 0 ? null : edges[b - 1]!, expected: e[b]! / expected.length, actual: a[b]! / actual.length, term })
  }
  return { psi, bins: table }
}

/**
 * Stability, measured by the host on scores it obtained itself: a run with this rule is evaluated
 * in two periods a year apart (rerun.ts: the same applicants, the data kind's documented drift,
 * the training partition between them); the main execution sees one, the out-of-time re-run the
 * other, by a coin from the run's secret key, so neither can tell which it is. The PSI compares the
 * earlier period's scores (expected) with the later period's (actual). Nothing the scenario reports
 * about itself (its `trainingScores`) enters the figure.
 */
export const psi = defineCheck({
  name: 'psi',
  description: 'Population stability index of out-of-time scores (a host-drawn, drifted partition) against the evaluation scores.',
  kinds: ['risk-scores'],
  params: z.object({ bins: z.number().int().min(2).max(100).default(10), threshold: z.number().min(0).default(0.25) }).strict(),
  reruns: () => [{ kind: 'out-of-time' }],
  evaluate(input, params) {
    const j = joinScores(input)
    const rerun = input.reruns?.[rerunKey({ kind: 'out-of-time' })]
    if (rerun === undefined) throw new NotEvaluable(say('outOfTimeNotRun'))
    if (!rerun.ok) throw new NotEvaluable(say('outOfTimeFailed', { code: rerun.error.code, error: rerun.error.message }))
    const oot = joinScores({ ...input, output: rerun.output, datasets: Object.fromEntries(Object.entries(input.datasets).map(([n, d]) => [n, hasOutOfTime(d.kind) ? outOfTimeDataset(d) : d])) })
    const ootLater = Object.values(input.datasets).some((d) => hasOutOfTime(d.kind) && outOfTimeIsLater(d))
    const [earlier, later] = ootLater ? [j, oot] : [oot, j]
    const { psi: value, bins } = populationStabilityIndex(earlier.score, later.score, params.bins)
    const passed = value <= params.threshold
    return {
      passed,
      figure: value,
      threshold: params.threshold,
      ...say('psi', { psi: value, years: OUT_OF_TIME_DRIFT, threshold: params.threshold }),
      evidence: { evaluationRows: j.score.length, outOfTimeRows: oot.score.length, driftYears: OUT_OF_TIME_DRIFT, laterPeriod: ootLater ? 'out-of-time' : 'main', bins },
    }
  },
})
