import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinScores } from '../risk-join.js'
import { brierScore } from './brier.js'
import { say } from '../verdict-text.js'

/**
 * Brier skill score against the base-rate ("climatological") forecast: BSS = 1 − BS / BS_ref with
 * BS_ref = ȳ(1 − ȳ), the Brier score of always forecasting the evaluation partition's default rate
 * (Murphy 1973; Wilks, Statistical Methods in the Atmospheric Sciences, 4th ed., §9.4). A model
 * with BSS ≤ 0 is no better than quoting the default rate to everyone. Fails below the threshold.
 */
export const brierSkill = defineCheck({
  name: 'brier-skill',
  description: 'Brier skill score of the default probabilities against the base-rate forecast.',
  kinds: ['risk-scores'],
  params: z.object({ threshold: z.number().min(-1).max(1).default(0.05) }).strict(),
  evaluate(input, params) {
    const j = joinScores(input)
    const brier = brierScore(j.score, j.label)
    const baseRate = j.positives.length / j.score.length
    const reference = baseRate * (1 - baseRate)
    if (reference === 0) throw new NotEvaluable(say('singleClass'))
    const skill = 1 - brier / reference
    const passed = skill >= params.threshold
    return {
      passed,
      figure: skill,
      threshold: params.threshold,
      ...say('brierSkill', { skill, brier, reference, baseRate, threshold: params.threshold }),
      evidence: { brier, baseRate, baseRateBrier: reference },
    }
  },
})
