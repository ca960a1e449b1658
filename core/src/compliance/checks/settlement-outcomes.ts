import { SETTLEMENT_REJECTIONS } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'
import { settlementView } from '../settlement-join.js'
import { type Said, say } from '../verdict-text.js'
import { ProblemTally } from '../problem-tally.js'

const CODES: readonly string[] = Object.values(SETTLEMENT_REJECTIONS)

/**
 * Every instruction has exactly one outcome: settled (in a final block, with no reason) or rejected
 * with an ISO 20022 reason code — not both, not neither. Optionally, an instruction the data
 * planted to fail (unknown participant, duplicate EndToEndId, insufficient funds) must not settle.
 * Figure: the share of instructions with exactly one valid outcome.
 */
export const settlementOutcomes = defineCheck({
  name: 'settlement-outcomes',
  description: 'Every instruction is settled (finally) or rejected with a reason code, exactly once.',
  kinds: ['settlement-batch'],
  params: z.object({ plantedMustBeRejected: z.boolean().default(true) }).strict(),
  evaluate(input, params) {
    const v = settlementView(input)
    const { outcomes: o, instructions: ins } = v
    const finalHeight = v.batch.finality.finalHeight
    const seen = new Uint32Array(ins.rows)
    const problems = new ProblemTally()
    const examples: Array<{ seq: number; problem: string }> = []
    const problem = (seq: number, what: Said) => {
      problems.add(what)
      if (examples.length < 10) examples.push({ seq, problem: what.message })
    }
    const bad = new Uint8Array(ins.rows)
    for (let i = 0; i < o.rows; i++) {
      const seq = o.seq[i]!
      const r = v.rowOfSeq.get(seq)
      if (r === undefined) {
        problem(seq, say('outcomeNeverSubmitted'))
        continue
      }
      seen[r]!++
      const status = o.status(i)
      const reason = o.reason(i)
      let wrong: Said | undefined
      if (o.endToEndId(i) !== ins.endToEndId(r)) wrong = say('outcomeEndToEndId')
      else if (status === 'settled' && reason !== '') wrong = say('outcomeSettledWithReason')
      else if (status === 'settled' && o.block[i]! > finalHeight) wrong = say('outcomeNotFinal')
      else if (status === 'rejected' && !CODES.includes(reason)) wrong = say('outcomeNoReasonCode')
      else if (status === 'settled' && params.plantedMustBeRejected && ins.planted !== undefined && ins.planted(r) !== 'none') {
        wrong = say('outcomePlantedSettled', { planted: ins.planted(r) })
      }
      if (wrong !== undefined) {
        bad[r] = 1
        problem(seq, wrong)
      }
    }
    let valid = 0
    for (let r = 0; r < ins.rows; r++) {
      if (seen[r] === 0) problem(ins.seq[r]!, say('outcomeMissing'))
      else if (seen[r]! > 1) problem(ins.seq[r]!, say('outcomeDuplicate'))
      else if (bad[r] === 0) valid++
    }
    const passed = valid === ins.rows && o.rows === ins.rows
    return {
      passed,
      figure: ins.rows === 0 ? 1 : valid / ins.rows,
      threshold: 1,
      ...(passed ? say('outcomesPass', { instructions: ins.rows }) : say('outcomesFail', { bad: ins.rows - valid, instructions: ins.rows, problems: problems.kinds() })),
      evidence: { instructions: ins.rows, outcomes: o.rows, problems: problems.counts, examples },
    }
  },
})
