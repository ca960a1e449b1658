import { z } from 'zod'
import { acrossAttributes } from '../across-attributes.js'
import { defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'
import { approvalRates } from '../group-rates.js'
import { approvalEvidence } from './four-fifths.js'
import { say } from '../verdict-text.js'

/**
 * Statistical parity difference: the highest group approval rate minus the lowest, as Fairlearn's
 * demographic_parity_difference (AIF360's statistical_parity_difference is the signed two-group
 * form of the same quantity). Fails above the threshold.
 */
export const statisticalParityDifference = defineCheck({
  name: 'statistical-parity-difference',
  description: 'Highest minus lowest group approval rate across a protected attribute.',
  kinds: ['credit-decisions'],
  /** No attribute: every protected attribute the data kind declares, the largest difference deciding. */
  params: z.object({ attribute: z.string().min(1).optional(), threshold: z.number().min(0).max(1).default(0.1) }).strict(),
  evaluate(input, params) {
    const { applicants, row, approved } = joinDecisions(input)
    return acrossAttributes(input, params.attribute, 'max', params.threshold, (attribute) => {
      const { groups, lowest, highest } = approvalRates(applicants, attribute, row, approved)
      const difference = highest.rate - lowest.rate
      return {
        figure: difference,
        ...say('parityDifference', { attribute, difference, threshold: params.threshold, highGroup: highest.group, highRate: highest.rate, lowGroup: lowest.group, lowRate: lowest.rate }),
        evidence: { groups: approvalEvidence(groups) },
      }
    })
  },
})
