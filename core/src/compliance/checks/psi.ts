import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinScores } from '../risk-join.js'

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

/** Stability: PSI between the training-score and evaluation-score distributions. */
export const psi = defineCheck({
  name: 'psi',
  description: 'Population stability index of the evaluation scores against the training scores.',
  kinds: ['risk-scores'],
  params: z.object({ bins: z.number().int().min(2).max(100).default(10), threshold: z.number().min(0).default(0.25) }).strict(),
  evaluate(input, params) {
    const j = joinScores(input)
    if (j.training.length === 0) throw new NotEvaluable('the output has no training-partition scores to compare with')
    const { psi: value, bins } = populationStabilityIndex(j.training, j.score, params.bins)
    const passed = value <= params.threshold
    const reading = value < 0.1 ? 'stable' : value <= 0.25 ? 'a moderate shift' : 'a significant shift'
    return {
      passed,
      figure: value,
      threshold: params.threshold,
      message: `PSI ${value.toFixed(4)} between training and evaluation scores: ${reading}; ${passed ? '≤' : '>'} ${params.threshold}`,
      evidence: { trainingRows: j.training.length, evaluationRows: j.score.length, bins },
    }
  },
})
