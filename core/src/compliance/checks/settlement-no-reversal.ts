import { z } from 'zod'
import { defineCheck } from '../check.js'
import { settlementView } from '../settlement-join.js'
import { type Said, say } from '../verdict-text.js'

/**
 * Settled entries are never reversed (settlement finality, CPMI-IOSCO PFMI Principle 8): a settled
 * instruction has exactly its two entries — the debit of its debtor agent, then the credit of its
 * creditor agent — and no entry names a rejected or unknown instruction. Any other entry naming an
 * instruction undoes or fakes a movement. Figure: the number of such entries.
 */
export const settlementNoReversal = defineCheck({
  name: 'settlement-no-reversal',
  description: 'A settled instruction has exactly one debit and one credit; nothing reverses or invents a movement.',
  kinds: ['settlement-batch'],
  params: z.object({}).strict(),
  evaluate(input) {
    const v = settlementView(input)
    const { entries: e, outcomes: o, instructions: ins } = v
    const settled = new Set<number>()
    for (let i = 0; i < o.rows; i++) if (o.status(i) === 'settled') settled.add(o.seq[i]!)
    const count = new Map<number, number>()
    let offending = 0
    const examples: Array<{ entry: number; instruction: number; problem: string }> = []
    let firstProblem: Said | undefined
    const flag = (entry: number, instruction: number, problem: Said) => {
      offending++
      firstProblem ??= problem
      if (examples.length < 10) examples.push({ entry, instruction, problem: problem.message })
    }
    for (let i = 0; i < e.rows; i++) {
      const seq = e.instruction[i]!
      const r = v.rowOfSeq.get(seq)
      if (r === undefined || !settled.has(seq)) {
        flag(i, seq, r === undefined ? say('entryUnknownInstruction') : say('entryNotSettled'))
        continue
      }
      const n = count.get(seq) ?? 0
      count.set(seq, n + 1)
      const expected = n === 0 ? [ins.debtor(r), -ins.amount[r]!] : n === 1 ? [ins.creditor(r), ins.amount[r]!] : undefined
      if (expected === undefined) flag(i, seq, say('entryReversal'))
      else if (e.participant(i) !== expected[0] || Math.sign(e.amount[i]!) !== Math.sign(expected[1] as number)) {
        flag(i, seq, say('entryWrongMovement', { debit: n === 0, expected: String(expected[0]), amount: e.amount[i]!, participant: e.participant(i) }))
      }
    }
    return {
      passed: offending === 0,
      figure: offending,
      threshold: 0,
      ...(offending === 0 || firstProblem === undefined ? say('noReversalPass', { entries: e.rows }) : say('noReversalFail', { offending, problem: firstProblem.text })),
      evidence: { entries: e.rows, settled: settled.size, offending, examples },
    }
  },
})
