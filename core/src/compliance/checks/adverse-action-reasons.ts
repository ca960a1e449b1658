import { MAX_REASONS, reasonCode } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'
import { joinDecisions } from '../credit-join.js'
import { type Said, say } from '../verdict-text.js'

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
    const [r1, r2, r3, r4] = [1, 2, 3, 4].map((r) => new Uint8Array(cols[`reason${r}`]!.buffer)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
    let declines = 0
    let bad = 0
    const examples: Array<{ decision: number; reasons: string[]; problem: string }> = []
    let firstProblem: Said | undefined
    // Counts by reason number; slot value 0 ("none") lands in counts[0] and is not reported.
    const counts = new Float64Array(256)
    // One pass without allocation: this runs over every decline of a million-row output.
    for (let i = 0; i < approved.length; i++) {
      if (approved[i] === 1) continue
      declines++
      const a = r1[i]!
      const b = r2[i]!
      const c = r3[i]!
      const d = r4[i]!
      counts[a]!++
      counts[b]!++
      counts[c]!++
      counts[d]!++
      const given = (a === 0 ? 0 : 1) + (b === 0 ? 0 : 1) + (c === 0 ? 0 : 1) + (d === 0 ? 0 : 1)
      const gap = (a === 0 && (b | c | d) !== 0) || (b === 0 && (c | d) !== 0) || (c === 0 && d !== 0)
      const repeat = (a !== 0 && (a === b || a === c || a === d)) || (b !== 0 && (b === c || b === d)) || (c !== 0 && c === d)
      if (!gap && !repeat && given >= params.minReasons) continue
      bad++
      if (examples.length < 5) {
        const problem = repeat ? say('reasonRepeated') : gap ? say('reasonGap') : say('reasonsTooFew', { min: params.minReasons })
        firstProblem ??= problem
        examples.push({ decision: i, reasons: [a, b, c, d].filter((n) => n !== 0).map((n) => reasonCode(n) ?? String(n)), problem: problem.message })
      }
    }
    const reasonCounts: Record<string, number> = {}
    for (let n = 1; n < counts.length; n++) if (counts[n]! > 0) reasonCounts[reasonCode(n) ?? String(n)] = counts[n]!
    const share = declines === 0 ? 1 : (declines - bad) / declines
    return {
      passed: bad === 0,
      figure: share,
      threshold: 1,
      ...(bad === 0 || firstProblem === undefined
        ? say('adverseReasonsPass', { declines, min: params.minReasons, max: MAX_REASONS })
        : say('adverseReasonsFail', { bad, declines, problem: firstProblem.text })),
      evidence: { declines, invalid: bad, reasonCounts, examples },
    }
  },
})
