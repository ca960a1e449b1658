import { z } from 'zod'
import { defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'
import { numeric } from '../tables.js'
import { say } from '../verdict-text.js'

/**
 * APR cap: no approved loan is priced above `multiple` × the one-year Loan Prime Rate (the
 * Supreme People's Court's 2020 private-lending provisions, art. 25, cap protected interest at
 * four times the one-year LPR). Every approval must state its APR. Figure: the highest APR offered.
 */
export const aprCap = defineCheck({
  name: 'apr-cap',
  description: 'Every approved loan states an APR no higher than a multiple of the one-year LPR.',
  kinds: ['credit-decisions'],
  params: z
    .object({
      lpr1y: z.number().positive().max(1).describe('the one-year Loan Prime Rate, as a fraction (0.03 = 3 %)'),
      multiple: z.number().positive().default(4),
    })
    .strict(),
  evaluate(input, params) {
    const { decisions, approved } = joinDecisions(input)
    const apr = numeric(decisions.decisions, 'apr', 'f64', 'the decisions')
    const cap = params.lpr1y * params.multiple
    let highest = Number.NEGATIVE_INFINITY
    let over = 0
    let missing = 0
    let approvals = 0
    const examples: Array<{ decision: number; apr: number | null }> = []
    for (let i = 0; i < approved.length; i++) {
      if (approved[i] !== 1) continue
      approvals++
      const a = apr[i]!
      if (!(a >= 0)) {
        missing++
        if (examples.length < 5) examples.push({ decision: i, apr: null })
        continue
      }
      if (a > highest) highest = a
      if (a > cap) {
        over++
        if (examples.length < 5) examples.push({ decision: i, apr: a })
      }
    }
    const passed = over === 0 && missing === 0
    const figure = approvals - missing === 0 ? null : highest
    return {
      passed,
      figure,
      threshold: cap,
      ...(passed
        ? say('aprCapPass', { cap, multiple: params.multiple, lpr: params.lpr1y, highest: figure ?? 0 })
        : say('aprCapFail', { over, approvals, cap, missing })),
      evidence: { approvals, overCap: over, withoutApr: missing, cap, lpr1y: params.lpr1y, multiple: params.multiple, examples },
    }
  },
})
