import { z } from 'zod'
import { defineCheck } from '../check.js'
import { joinScores, requireBothClasses } from '../risk-join.js'
import { say } from '../verdict-text.js'

/**
 * Kolmogorov–Smirnov statistic between the two classes' score distributions (each sorted
 * ascending): the largest gap between their empirical CDFs, as scipy.stats.ks_2samp. Returns the
 * statistic and the score where the gap is largest.
 */
export function ksStatistic(positives: Float64Array, negatives: Float64Array): { ks: number; at: number } {
  let i = 0
  let j = 0
  let ks = 0
  let at = Number.NaN
  const P = positives.length
  const N = negatives.length
  while (i < P || j < N) {
    const t = j >= N || (i < P && positives[i]! <= negatives[j]!) ? positives[i]! : negatives[j]!
    while (i < P && positives[i]! <= t) i++
    while (j < N && negatives[j]! <= t) j++
    const gap = Math.abs(i / P - j / N)
    if (gap > ks) [ks, at] = [gap, t]
  }
  return { ks, at }
}

/** Separation: KS statistic between defaulters' and non-defaulters' scores. */
export const ks = defineCheck({
  name: 'ks',
  description: "Largest gap between the score CDFs of defaulters and non-defaulters (scipy's ks_2samp statistic).",
  kinds: ['risk-scores'],
  params: z.object({ threshold: z.number().min(0).max(1).default(0.2) }).strict(),
  evaluate(input, params) {
    const j = joinScores(input)
    requireBothClasses(j)
    const { ks: value, at } = ksStatistic(j.positives, j.negatives)
    const passed = value >= params.threshold
    return {
      passed,
      figure: value,
      threshold: params.threshold,
      ...say('ks', { ks: value, at, threshold: params.threshold }),
      evidence: { ks: value, atScore: at },
    }
  },
})
