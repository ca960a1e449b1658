import { z } from 'zod'
import { acrossAttributes } from '../across-attributes.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'
import { approvalRates, pct } from '../group-rates.js'

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
      if (highest.rate === 0) throw new NotEvaluable('no applicant in any group was approved, so the ratio is undefined')
      const ratio = lowest.rate / highest.rate
      return {
        figure: ratio,
        message:
          ratio >= params.threshold
            ? `approval-rate ratio across ${attribute} is ${ratio.toFixed(3)} (≥ ${params.threshold})`
            : `approval-rate ratio ${ratio.toFixed(3)} < ${params.threshold} for ${attribute} group ${lowest.group} (${pct(lowest.rate)} approved vs ${pct(highest.rate)} for ${highest.group})`,
        evidence: { groups: approvalEvidence(groups) },
      }
    })
  },
})

/** Group rates as approval figures: applicants, approved, rate. */
export function approvalEvidence(groups: Record<string, { count: number; hits: number; rate: number }>) {
  return Object.fromEntries(Object.entries(groups).map(([g, r]) => [g, { applicants: r.count, approved: r.hits, rate: r.rate }]))
}
