import { z } from 'zod'
import { defineCheck } from '../check.js'
import { joinScores } from '../risk-join.js'
import { say } from '../verdict-text.js'

/** One probability bin: how many rows, their mean score and their observed default rate. */
export interface CalibrationBin {
  from: number
  to: number
  count: number
  meanScore: number
  defaultRate: number
}

/**
 * Expected calibration error over `bins` equal-width bins of [0, 1] (the last bin closed):
 * Σ_b (n_b / n) · |default rate_b − mean score_b| (Naeini et al. 2015; Guo et al. 2017). Empty bins
 * add nothing.
 */
export function expectedCalibrationError(score: Float64Array, label: Uint8Array, bins: number): { ece: number; bins: CalibrationBin[] } {
  const count = new Float64Array(bins)
  const sumScore = new Float64Array(bins)
  const sumLabel = new Float64Array(bins)
  for (let i = 0; i < score.length; i++) {
    const b = Math.min(bins - 1, Math.floor(score[i]! * bins))
    count[b]!++
    sumScore[b]! += score[i]!
    sumLabel[b]! += label[i]!
  }
  let ece = 0
  const out: CalibrationBin[] = []
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue
    const meanScore = sumScore[b]! / count[b]!
    const defaultRate = sumLabel[b]! / count[b]!
    ece += (count[b]! / score.length) * Math.abs(defaultRate - meanScore)
    out.push({ from: b / bins, to: (b + 1) / bins, count: count[b]!, meanScore, defaultRate })
  }
  return { ece, bins: out }
}

/** Calibration: do rows scored p default at rate p? */
export const calibrationEce = defineCheck({
  name: 'calibration-ece',
  description: 'Expected calibration error of the default probabilities over equal-width bins.',
  kinds: ['risk-scores'],
  params: z.object({ bins: z.number().int().min(2).max(100).default(10), threshold: z.number().min(0).max(1).default(0.05) }).strict(),
  evaluate(input, params) {
    const j = joinScores(input)
    const { ece, bins } = expectedCalibrationError(j.score, j.label, params.bins)
    const passed = ece <= params.threshold
    return {
      passed,
      figure: ece,
      threshold: params.threshold,
      ...say('calibrationEce', { ece, bins: params.bins, threshold: params.threshold }),
      evidence: { bins },
    }
  },
})
