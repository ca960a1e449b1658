import { MAX_REASONS, reasonCode } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'

/**
 * Every decline states 1 to 4 principal reasons from the SDK's list (ECOA / Regulation B,
 * 12 CFR 1002.9(b)(2)): no blank decline, no gaps, no repeats.
 */
export const adverseActionReasons = defineCheck({
  name: 'adverse-action-reasons',
  description: 'Every declined application carries 1 to 4 distinct adverse-action reason codes.',
  kinds: ['credit-decisions'],
  params: z.object({ minReasons: z.number().int().min(1).max(MAX_REASONS).default(1) }).strict(),
  evaluate(input, params) {
    const { decisions, approved } = joinDecisions(input)
    const cols = decisions.decisions.columns
    const slots = [1, 2, 3, 4].map((r) => new Uint8Array(cols[`reason${r}`]!.buffer))
    let declines = 0
    let bad = 0
    const examples: Array<{ decision: number; reasons: string[]; problem: string }> = []
    const counts: Record<string, number> = {}
    for (let i = 0; i < approved.length; i++) {
      if (approved[i] === 1) continue
      declines++
      const given: number[] = []
      let problem = ''
      for (const slot of slots) {
        const n = slot[i]!
        if (n === 0) continue
        if (given.length < slots.indexOf(slot)) problem = 'reasons must fill the first slots without gaps'
        if (given.includes(n)) problem = 'a reason is repeated'
        given.push(n)
      }
      if (given.length < params.minReasons) problem ||= `fewer than ${params.minReasons} reason(s)`
      for (const n of given) counts[reasonCode(n) ?? String(n)] = (counts[reasonCode(n) ?? String(n)] ?? 0) + 1
      if (problem !== '') {
        bad++
        if (examples.length < 5) examples.push({ decision: i, reasons: given.map((n) => reasonCode(n) ?? String(n)), problem })
      }
    }
    const share = declines === 0 ? 1 : (declines - bad) / declines
    return {
      passed: bad === 0,
      figure: share,
      threshold: 1,
      message:
        bad === 0
          ? `all ${declines} declines state between ${params.minReasons} and ${MAX_REASONS} reasons`
          : `${bad} of ${declines} declines lack valid adverse-action reasons (${examples[0]?.problem})`,
      evidence: { declines, invalid: bad, reasonCounts: counts, examples },
    }
  },
})
