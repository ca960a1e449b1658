import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'

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
    const column = applicants.columns[params.attribute]
    if (column?.type !== 'dict' || column.dictionary === undefined) {
      throw new NotEvaluable(`the applicants have no categorical attribute ${params.attribute}`)
    }
    const groups = column.dictionary
    const codes = new Uint8Array(column.buffer)
    const total = new Float64Array(groups.length)
    const yes = new Float64Array(groups.length)
    for (let i = 0; i < row.length; i++) {
      const g = codes[row[i]!]!
      total[g]!++
      yes[g]! += approved[i]!
    }
    const rates: Record<string, { applicants: number; approved: number; rate: number }> = {}
    let lo = Number.POSITIVE_INFINITY
    let hi = Number.NEGATIVE_INFINITY
    let loGroup = ''
    for (let g = 0; g < groups.length; g++) {
      if (total[g] === 0) continue
      const rate = yes[g]! / total[g]!
      rates[groups[g]!] = { applicants: total[g]!, approved: yes[g]!, rate }
      if (rate < lo) [lo, loGroup] = [rate, groups[g]!]
      if (rate > hi) hi = rate
    }
    if (Object.keys(rates).length < 2) throw new NotEvaluable(`fewer than two ${params.attribute} groups received decisions`)
    if (hi === 0) throw new NotEvaluable('no applicant in any group was approved, so the ratio is undefined')
    const ratio = lo / hi
    const passed = ratio >= params.threshold
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`
    return {
      passed,
      figure: ratio,
      threshold: params.threshold,
      message: passed
        ? `approval-rate ratio across ${params.attribute} is ${ratio.toFixed(3)} (≥ ${params.threshold})`
        : `approval-rate ratio ${ratio.toFixed(3)} < ${params.threshold} for ${params.attribute} group ${loGroup} (${pct(lo)} approved vs ${pct(hi)})`,
      evidence: { attribute: params.attribute, groups: rates },
    }
  },
})
