import { z } from 'zod'
import { defineCheck } from '../check.js'
import { settlementView } from '../settlement-join.js'
import { say } from '../verdict-text.js'

/**
 * No EndToEndId settles twice (the duplicate-payment control of ISO 20022 pacs.008): each settled
 * outcome is keyed by the EndToEndId of the instruction it names, from the host's own data.
 * Figure: the number of EndToEndIds settled more than once.
 */
export const settlementUniqueE2e = defineCheck({
  name: 'settlement-unique-e2e',
  description: 'No EndToEndId is settled more than once.',
  kinds: ['settlement-batch'],
  params: z.object({}).strict(),
  evaluate(input) {
    const v = settlementView(input)
    const settled = new Map<string, number[]>()
    for (let i = 0; i < v.outcomes.rows; i++) {
      if (v.outcomes.status(i) !== 'settled') continue
      const r = v.rowOfSeq.get(v.outcomes.seq[i]!)
      const key = r === undefined ? v.outcomes.endToEndId(i) : v.instructions.endToEndId(r)
      const list = settled.get(key) ?? []
      list.push(v.outcomes.seq[i]!)
      settled.set(key, list)
    }
    const duplicates = [...settled].filter(([, seqs]) => seqs.length > 1)
    return {
      passed: duplicates.length === 0,
      figure: duplicates.length,
      threshold: 0,
      ...(duplicates.length === 0
        ? say('uniqueEndToEndPass', { settled: settled.size })
        : say('uniqueEndToEndFail', { duplicates: duplicates.length, example: duplicates[0]![0], instructions: duplicates[0]![1] })),
      evidence: { settled: settled.size, duplicates: duplicates.slice(0, 10).map(([endToEndId, seqs]) => ({ endToEndId, seqs })) },
    }
  },
})
