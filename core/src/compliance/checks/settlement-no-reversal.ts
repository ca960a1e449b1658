import { z } from 'zod'
import { defineCheck } from '../check.js'
import { settlementView } from '../settlement-join.js'

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
    const flag = (entry: number, instruction: number, problem: string) => {
      offending++
      if (examples.length < 10) examples.push({ entry, instruction, problem })
    }
    for (let i = 0; i < e.rows; i++) {
      const seq = e.instruction[i]!
      const r = v.rowOfSeq.get(seq)
      if (r === undefined || !settled.has(seq)) {
        flag(i, seq, r === undefined ? 'names an unknown instruction' : 'moves money for an instruction that did not settle')
        continue
      }
      const n = count.get(seq) ?? 0
      count.set(seq, n + 1)
      const expected = n === 0 ? [ins.debtor(r), -ins.amount[r]!] : n === 1 ? [ins.creditor(r), ins.amount[r]!] : undefined
      if (expected === undefined) flag(i, seq, 'a further entry after the settled debit and credit (a reversal)')
      else if (e.participant(i) !== expected[0] || Math.sign(e.amount[i]!) !== Math.sign(expected[1] as number)) {
        flag(i, seq, `expected a ${n === 0 ? 'debit of the debtor' : 'credit of the creditor'} ${expected[0]}, got ${e.amount[i]} for ${e.participant(i)}`)
      }
    }
    return {
      passed: offending === 0,
      figure: offending,
      threshold: 0,
      message:
        offending === 0
          ? `every settled instruction has its debit and credit and nothing reverses them (${e.rows} entries)`
          : `${offending} ledger entries reverse, repeat or invent a settled movement (${examples[0]?.problem})`,
      evidence: { entries: e.rows, settled: settled.size, offending, examples },
    }
  },
})
