import { z } from 'zod'
import { defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'
import { approvalRates, pct } from '../group-rates.js'
import { approvalEvidence } from './four-fifths.js'

/**
 * Statistical parity difference: the highest group approval rate minus the lowest, as Fairlearn's
 * demographic_parity_difference (AIF360's statistical_parity_difference is the signed two-group
 * form of the same quantity). Fails above the threshold.
 */
export const statisticalParityDifference = defineCheck({
  name: 'statistical-parity-difference',
  description: 'Highest minus lowest group approval rate across a protected attribute.',
  kinds: ['credit-decisions'],
  params: z.object({ attribute: z.string().min(1), threshold: z.number().min(0).max(1).default(0.1) }).strict(),
  evaluate(input, params) {
    const { applicants, row, approved } = joinDecisions(input)
    const { groups, lowest, highest } = approvalRates(applicants, params.attribute, row, approved)
    const difference = highest.rate - lowest.rate
    const passed = difference <= params.threshold
    return {
      passed,
      figure: difference,
      threshold: params.threshold,
      message: `approval rates across ${params.attribute} differ by ${difference.toFixed(3)} (${highest.group} ${pct(highest.rate)}, ${lowest.group} ${pct(lowest.rate)}; ${passed ? '≤' : '>'} ${params.threshold})`,
      evidence: { attribute: params.attribute, groups: approvalEvidence(groups) },
    }
  },
})
