import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { say } from '../verdict-text.js'

/**
 * Resource use within the run's own limits: wall time, CPU time and peak heap of the run (the first
 * run, not re-runs) against `share` of the limits the run was resolved to (the scenario's request,
 * capped by the operator). A run that needs nearly all of its limits fails on a slower or busier
 * machine, so the budget keeps headroom. Figure: the highest share of a budget used.
 */
export const resourceBudget = defineCheck({
  name: 'resource-budget',
  description: "The run's wall time, CPU time and peak heap stay within a share of the run's resolved limits.",
  kinds: '*',
  params: z.object({ share: z.number().gt(0).max(1).default(0.8) }).strict(),
  evaluate(input, params) {
    const r = input.resources
    if (r === undefined) throw new NotEvaluable(say('noResourceUse'))
    const l = input.limits
    if (l === undefined) throw new NotEvaluable(say('noResolvedLimits'))
    const used = [
      { resource: 'wallMs', used: r.wallMs, limit: l.wallMs },
      { resource: 'cpuMs', used: r.cpuMs, limit: l.cpuMs },
      { resource: 'heapMb', used: r.heapPeakBytes / (1024 * 1024), limit: l.heapMb },
    ].map((u) => ({ ...u, budget: u.limit * params.share, share: u.used / (u.limit * params.share) }))
    const worst = used.reduce((a, b) => (b.share > a.share ? b : a))
    const passed = worst.share <= 1
    return {
      passed,
      figure: worst.share,
      threshold: 1,
      ...say('resourceBudget', { resource: worst.resource, used: worst.used, budget: worst.budget, share: params.share, limit: worst.limit, usedShare: worst.share }),
      evidence: { share: params.share, usage: used },
    }
  },
})
