import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'

/**
 * Resource use within the pack's budget: wall time, CPU time and peak heap of the run (the first
 * run, not re-runs) against the budget's limits. Figure: the highest share of a budget used.
 */
export const resourceBudget = defineCheck({
  name: 'resource-budget',
  description: "The run's wall time, CPU time and peak heap stay within the pack's budget.",
  kinds: '*',
  params: z
    .object({ wallMs: z.number().positive().optional(), cpuMs: z.number().positive().optional(), heapMb: z.number().positive().optional() })
    .strict()
    .refine((p) => p.wallMs !== undefined || p.cpuMs !== undefined || p.heapMb !== undefined, 'give at least one of wallMs, cpuMs, heapMb'),
  evaluate(input, params) {
    const r = input.resources
    if (r === undefined) throw new NotEvaluable('the run reported no resource use')
    const used = [
      { resource: 'wallMs', used: r.wallMs, budget: params.wallMs },
      { resource: 'cpuMs', used: r.cpuMs, budget: params.cpuMs },
      { resource: 'heapMb', used: r.heapPeakBytes / (1024 * 1024), budget: params.heapMb },
    ].flatMap((u) => (u.budget === undefined ? [] : [{ ...u, budget: u.budget, share: u.used / u.budget }]))
    const worst = used.reduce((a, b) => (b.share > a.share ? b : a))
    const passed = worst.share <= 1
    return {
      passed,
      figure: worst.share,
      threshold: 1,
      message: `${worst.resource} used ${worst.used.toFixed(0)} of a budget of ${worst.budget} (${(worst.share * 100).toFixed(0)}%)${passed ? '' : ': over budget'}`,
      evidence: { usage: used },
    }
  },
})
