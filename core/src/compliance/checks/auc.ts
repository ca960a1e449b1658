import { z } from 'zod'
import { defineCheck } from '../check.js'
import { joinScores, requireBothClasses } from '../risk-join.js'
import { say } from '../verdict-text.js'
import { lowerBound } from '../lower-bound.js'

/**
 * Area under the ROC curve from the two classes' scores, each sorted ascending: the probability
 * that a defaulter scores above a non-defaulter, ties counting one half — scikit-learn's
 * roc_auc_score. O(P + N) after the sort.
 */
export function rocAuc(positives: Float64Array, negatives: Float64Array): number {
  let below = 0
  let upTo = 0
  let sum = 0
  const n = negatives.length
  for (let i = 0; i < positives.length; i++) {
    const s = positives[i]!
    while (below < n && negatives[below]! < s) below++
    if (upTo < below) upTo = below
    while (upTo < n && negatives[upTo]! <= s) upTo++
    sum += below + 0.5 * (upTo - below)
  }
  return sum / (positives.length * n)
}

/** Count of values ≥ t in an ascending array. */
function atLeast(sorted: Float64Array, t: number): number {
  return sorted.length - lowerBound(sorted, t)
}

/**
 * The ROC curve as `[false-positive rate, true-positive rate]` pairs at thresholds taken from the
 * pooled scores' quantiles (about `points` of them, from (0, 0) to (1, 1)), for the dashboard.
 */
export function rocCurve(positives: Float64Array, negatives: Float64Array, points = 101): Array<[number, number]> {
  const curve: Array<[number, number]> = [[0, 0]]
  const round = (x: number) => Math.round(x * 1e4) / 1e4
  for (let k = points - 2; k >= 1; k--) {
    // The k-th quantile of the pooled scores, approximated by interleaving both sorted arrays' quantiles.
    const q = k / (points - 1)
    const t = Math.min(positives[Math.floor(q * (positives.length - 1))]!, negatives[Math.floor(q * (negatives.length - 1))]!)
    curve.push([round(atLeast(negatives, t) / negatives.length), round(atLeast(positives, t) / positives.length)])
  }
  curve.push([1, 1])
  return curve
}

/** Discrimination: AUC (and Gini = 2·AUC − 1) of the scores against the hidden default labels. */
export const auc = defineCheck({
  name: 'auc',
  description: 'Area under the ROC curve of the scores against the held-back default labels (Gini = 2·AUC − 1).',
  kinds: ['risk-scores'],
  params: z.object({ threshold: z.number().min(0).max(1).default(0.6) }).strict(),
  evaluate(input, params) {
    const j = joinScores(input)
    requireBothClasses(j)
    const value = rocAuc(j.positives, j.negatives)
    const gini = 2 * value - 1
    const passed = value >= params.threshold
    return {
      passed,
      figure: value,
      threshold: params.threshold,
      ...say('auc', { auc: value, gini, rows: j.score.length, threshold: params.threshold }),
      evidence: { auc: value, gini, defaults: j.positives.length, nonDefaults: j.negatives.length, roc: rocCurve(j.positives, j.negatives) },
    }
  },
})
