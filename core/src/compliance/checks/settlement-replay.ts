import { SETTLEMENT_REJECTIONS } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'
import { CENT_TOLERANCE, settlementView } from '../settlement-join.js'
import { type Said, say } from '../verdict-text.js'
import { ProblemTally } from '../problem-tally.js'

type Code = (typeof SETTLEMENT_REJECTIONS)[keyof typeof SETTLEMENT_REJECTIONS]

/**
 * The host replays the batch in queue (`seq`) order from the opening balances it generated,
 * applying the engine's own decisions, and asks of every instruction what its fault is: a
 * planted fault's ISO 20022 code (RC01 unknown agent, AM05 duplicate EndToEndId, AM04 insufficient
 * funds), else AM04 if the debtor's replayed balance truly lacks the amount, else none. A faultless
 * instruction must settle; a faulty one must be rejected with exactly its code. So an engine that
 * rejects everything, or rejects with the wrong reason, fails. Figure: the share of instructions
 * whose outcome is the replay's.
 */
export const settlementReplay = defineCheck({
  name: 'settlement-replay',
  description: 'Replaying the queue, every faultless instruction settles and every rejection carries the code of its fault.',
  kinds: ['settlement-batch'],
  params: z.object({ tolerance: z.number().min(0).default(CENT_TOLERANCE) }).strict(),
  evaluate(input, params) {
    const v = settlementView(input)
    const { instructions: ins, outcomes: o } = v
    // The engine's first outcome per instruction (several or none are the outcomes rule's concern).
    const outcomeOf = new Map<number, number>()
    for (let i = o.rows - 1; i >= 0; i--) outcomeOf.set(o.seq[i]!, i)
    const balance = new Map<string, number>()
    for (const [bic, p] of v.participants) balance.set(bic, p.opening)
    const usedIds = new Set<string>()
    const problems = new ProblemTally()
    const examples: Array<{ seq: number; expected: string; got: string }> = []
    const problem = (seq: number, what: Said, expected: string, got: string) => {
      problems.add(what)
      if (examples.length < 10) examples.push({ seq, expected, got })
    }
    const order = Array.from({ length: ins.rows }, (_, r) => r).sort((a, b) => ins.seq[a]! - ins.seq[b]!)
    const rejected: Record<string, number> = {}
    let agree = 0
    for (const r of order) {
      const seq = ins.seq[r]!
      const debtor = ins.debtor(r)
      const creditor = ins.creditor(r)
      const amount = ins.amount[r]!
      const e2e = ins.endToEndId(r)
      const planted = ins.planted?.(r) ?? 'none'
      let expected: Code | 'settle'
      if (planted !== 'none') expected = SETTLEMENT_REJECTIONS[planted as keyof typeof SETTLEMENT_REJECTIONS]
      else if (!v.participants.has(debtor) || !v.participants.has(creditor)) expected = SETTLEMENT_REJECTIONS['unknown-participant']
      else if (usedIds.has(e2e)) expected = SETTLEMENT_REJECTIONS['duplicate-e2e']
      else if (amount > (balance.get(debtor) ?? 0) + params.tolerance) expected = SETTLEMENT_REJECTIONS['insufficient-funds']
      else expected = 'settle'
      usedIds.add(e2e)
      const i = outcomeOf.get(seq)
      const got = i === undefined ? 'nothing' : o.status(i) === 'settled' ? 'settle' : o.reason(i) || 'rejected without a code'
      if (got === 'settle') {
        balance.set(debtor, (balance.get(debtor) ?? 0) - amount)
        balance.set(creditor, (balance.get(creditor) ?? 0) + amount)
      } else if (i !== undefined) rejected[got] = (rejected[got] ?? 0) + 1
      if (got === expected) agree++
      else if (expected === 'settle') problem(seq, got === 'nothing' ? say('outcomeMissing') : say('replayRejectedFaultless'), expected, got)
      else if (got === 'settle') problem(seq, say('replaySettledFault', { fault: expected }), expected, got)
      else problem(seq, got === 'nothing' ? say('outcomeMissing') : say('replayWrongCode'), expected, got)
    }
    const passed = agree === ins.rows
    return {
      passed,
      figure: ins.rows === 0 ? 1 : agree / ins.rows,
      threshold: 1,
      ...(passed ? say('replayPass', { instructions: ins.rows }) : say('replayFail', { disagree: ins.rows - agree, instructions: ins.rows, problems: problems.kinds() })),
      evidence: { instructions: ins.rows, agree, rejectedByCode: rejected, problems: problems.counts, examples },
    }
  },
})
