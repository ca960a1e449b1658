import { z } from 'zod'
import { acrossAttributes } from '../across-attributes.js'
import { defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'
import { groupRates, protectedAttribute } from '../group-rates.js'
import { numeric } from '../tables.js'
import { say } from '../verdict-text.js'

/**
 * Equal opportunity difference on the hidden labels: among applicants who did not default (the
 * qualified), the highest group approval rate (true-positive rate) minus the lowest — Fairlearn's
 * equal_opportunity_difference with y_true = 1 − defaulted and y_pred = approved (AIF360's
 * equal_opportunity_difference is its signed two-group form). Fails above the threshold.
 */
export const equalOpportunityDifference = defineCheck({
  name: 'equal-opportunity-difference',
  description: 'Highest minus lowest true-positive rate (approval rate of applicants who repaid) across a protected attribute.',
  kinds: ['credit-decisions'],
  /** No attribute: every protected attribute the data kind declares, the largest difference deciding. */
  params: z.object({ attribute: z.string().min(1).optional(), label: z.string().default('defaulted'), threshold: z.number().min(0).max(1).default(0.1) }).strict(),
  evaluate(input, params) {
    const { applicants, row, approved } = joinDecisions(input)
    const defaulted = numeric(applicants, params.label, 'u8', 'the hidden labels')
    return acrossAttributes(input, params.attribute, 'max', params.threshold, (attribute) => {
      const { codes, dictionary } = protectedAttribute(applicants, attribute)
      // Only applicants who repaid count: true-positive rate = approved among them.
      const { groups, lowest, highest } = groupRates(codes, dictionary, row, approved, defaulted)
      const difference = highest.rate - lowest.rate
      return {
        figure: difference,
        ...say('equalOpportunity', { attribute, difference, threshold: params.threshold, highGroup: highest.group, highRate: highest.rate, lowGroup: lowest.group, lowRate: lowest.rate }),
        evidence: { groups: Object.fromEntries(Object.entries(groups).map(([g, r]) => [g, { repaid: r.count, approved: r.hits, truePositiveRate: r.rate }])) },
      }
    })
  },
})
