import { z } from 'zod'
import { defineCheck } from '../check.js'
import { joinScores } from '../risk-join.js'
import { say } from '../verdict-text.js'

/** Mean squared difference between probability and outcome, as scikit-learn's brier_score_loss. */
export function brierScore(score: Float64Array, label: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < score.length; i++) {
    const d = score[i]! - label[i]!
    sum += d * d
  }
  return sum / score.length
}

/** Accuracy of the probabilities: Brier score, with a constant base-rate forecast's score as reference. */
export const brier = defineCheck({
  name: 'brier',
  description: 'Brier score of the default probabilities against the held-back labels.',
  kinds: ['risk-scores'],
  params: z.object({ threshold: z.number().min(0).max(1).default(0.2) }).strict(),
  evaluate(input, params) {
    const j = joinScores(input)
    const value = brierScore(j.score, j.label)
    const baseRate = j.positives.length / j.score.length
    const reference = baseRate * (1 - baseRate)
    const skill = reference === 0 ? null : 1 - value / reference
    const passed = value <= params.threshold
    return {
      passed,
      figure: value,
      threshold: params.threshold,
      ...say('brier', { brier: value, baseRate, reference, threshold: params.threshold }),
      evidence: { brier: value, baseRate, baseRateBrier: reference, skillScore: skill },
    }
  },
})
