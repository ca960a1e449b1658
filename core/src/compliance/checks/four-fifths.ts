import { z } from 'zod'
import { acrossAttributes } from '../across-attributes.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'
import { approvalRates } from '../group-rates.js'
import { say } from '../verdict-text.js'

/**
 * The four-fifths rule (US EEOC Uniform Guidelines, 29 CFR 1607.4(D)): the lowest group approval
 * rate over the highest, as Fairlearn's demographic_parity_ratio. Fails below the threshold.
 */
export const fourFifths = defineCheck({
  name: 'four-fifths',
  description: 'Approval-rate ratio: lowest group approval rate divided by the highest, across a protected attribute.',
  kinds: ['credit-decisions'],
  /** No attribute: every protected attribute the data kind declares, the lowest ratio deciding. */
  params: z.object({ attribute: z.string().min(1).optional(), threshold: z.number().min(0).max(1).default(0.8) }).strict(),
  evaluate(input, params) {
    const { applicants, row, approved } = joinDecisions(input)
    return acrossAttributes(input, params.attribute, 'min', params.threshold, (attribute) => {
      const { groups, lowest, highest } = approvalRates(applicants, attribute, row, approved)
      if (highest.rate === 0) throw new NotEvaluable(say('noApprovals'))
      const ratio = lowest.rate / highest.rate
      return {
        figure: ratio,
        ...(ratio >= params.threshold
          ? say('fourFifthsPass', { attribute, ratio, threshold: params.threshold })
          : say('fourFifthsFail', { attribute, ratio, threshold: params.threshold, lowGroup: lowest.group, lowRate: lowest.rate, highGroup: highest.group, highRate: highest.rate })),
        evidence: { groups: approvalEvidence(groups) },
      }
    })
  },
})

/** Group rates as approval figures: applicants, approved, rate. */
export function approvalEvidence(groups: Record<string, { count: number; hits: number; rate: number }>) {
  return Object.fromEntries(Object.entries(groups).map(([g, r]) => [g, { applicants: r.count, approved: r.hits, rate: r.rate }]))
}
