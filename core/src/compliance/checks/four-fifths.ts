import { z } from 'zod'
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
  params: z.object({ attribute: z.string().min(1), threshold: z.number().min(0).max(1).default(0.8) }).strict(),
  evaluate(input, params) {
    const { applicants, row, approved } = joinDecisions(input)
    const { groups, lowest, highest } = approvalRates(applicants, params.attribute, row, approved)
    if (highest.rate === 0) throw new NotEvaluable('no applicant in any group was approved, so the ratio is undefined')
    const ratio = lowest.rate / highest.rate
    const passed = ratio >= params.threshold
    return {
      passed,
      figure: ratio,
      threshold: params.threshold,
      message: passed
        ? `approval-rate ratio across ${params.attribute} is ${ratio.toFixed(3)} (≥ ${params.threshold})`
        : `approval-rate ratio ${ratio.toFixed(3)} < ${params.threshold} for ${params.attribute} group ${lowest.group} (${pct(lowest.rate)} approved vs ${pct(highest.rate)} for ${highest.group})`,
      evidence: { attribute: params.attribute, groups: approvalEvidence(groups) },
    }
  },
})

/** Group rates as approval figures: applicants, approved, rate. */
export function approvalEvidence(groups: Record<string, { count: number; hits: number; rate: number }>) {
  return Object.fromEntries(Object.entries(groups).map(([g, r]) => [g, { applicants: r.count, approved: r.hits, rate: r.rate }]))
}
