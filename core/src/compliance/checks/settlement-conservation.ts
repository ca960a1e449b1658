import { z } from 'zod'
import { defineCheck } from '../check.js'
import { CENT_TOLERANCE, settlementView } from '../settlement-join.js'
import { categorical, numeric } from '../tables.js'
import { type Said, say } from '../verdict-text.js'

/**
 * Conservation of value: the ledger only moves money. Per currency the entries sum to zero; each
 * settled instruction debits its debtor agent and credits its creditor agent its exact amount;
 * every participant's stated opening balance is the host's, its closing balance is opening plus its
 * entries, and each entry's balanceAfter is the running balance. Figure: the largest discrepancy.
 */
export const settlementConservation = defineCheck({
  name: 'settlement-conservation',
  description: 'Entries sum to zero per currency, move exactly the instructed amounts, and balances reconcile.',
  kinds: ['settlement-batch'],
  params: z.object({ tolerance: z.number().min(0).default(CENT_TOLERANCE) }).strict(),
  evaluate(input, params) {
    const v = settlementView(input)
    const { entries: e, instructions: ins, outcomes: o } = v
    let worst = 0
    const issues: Array<{ what: string; discrepancy: number }> = []
    let firstIssue: Said | undefined
    // `what` is worded only for the few discrepancies kept: this runs for every ledger entry.
    const note = (describe: () => Said, discrepancy: number) => {
      const d = Math.abs(discrepancy)
      if (d > worst) worst = d
      if (d > params.tolerance && issues.length < 10) {
        const what = describe()
        firstIssue ??= what
        issues.push({ what: what.message, discrepancy })
      }
    }
    // Per currency: net zero. Per participant: running balance.
    const net = new Map<string, number>()
    const running = new Map<string, number>()
    for (const [bic, p] of v.participants) running.set(bic, p.opening)
    const movedBy = new Map<number, Array<[string, number]>>()
    for (let i = 0; i < e.rows; i++) {
      const bic = e.participant(i)
      const participant = v.participants.get(bic)
      if (participant === undefined) note(() => say('conservationUnknownParticipant', { entry: i, participant: bic }), e.amount[i]!)
      const currency = participant?.currency ?? '?'
      net.set(currency, (net.get(currency) ?? 0) + e.amount[i]!)
      const balance = (running.get(bic) ?? 0) + e.amount[i]!
      running.set(bic, balance)
      note(() => say('conservationBalanceAfter', { entry: i, participant: bic, stated: e.balanceAfter[i]!, running: balance }), e.balanceAfter[i]! - balance)
      const list = movedBy.get(e.instruction[i]!) ?? []
      list.push([bic, e.amount[i]!])
      movedBy.set(e.instruction[i]!, list)
    }
    for (const [currency, sum] of net) note(() => say('conservationCurrencySum', { currency, sum }), sum)
    for (let i = 0; i < o.rows; i++) {
      if (o.status(i) !== 'settled') continue
      const r = v.rowOfSeq.get(o.seq[i]!)
      if (r === undefined) continue
      const moved = movedBy.get(o.seq[i]!) ?? []
      const of = (bic: string) => moved.filter(([p]) => p === bic).reduce((s, [, a]) => s + a, 0)
      note(() => say('conservationDebited', { instruction: o.seq[i]!, participant: ins.debtor(r), moved: -of(ins.debtor(r)), amount: ins.amount[r]! }), of(ins.debtor(r)) + ins.amount[r]!)
      note(() => say('conservationCredited', { instruction: o.seq[i]!, participant: ins.creditor(r), moved: of(ins.creditor(r)), amount: ins.amount[r]! }), of(ins.creditor(r)) - ins.amount[r]!)
    }
    // The stated balances against the host's openings and the ledger.
    const b = v.batch.balances
    const bic = categorical(b, 'participant', 'the balances')
    const opening = numeric(b, 'opening', 'f64', 'the balances')
    const closing = numeric(b, 'closing', 'f64', 'the balances')
    const stated = new Set<string>()
    for (let i = 0; i < b.rows; i++) {
      const name = bic.dictionary[bic.codes[i]!]!
      stated.add(name)
      const host = v.participants.get(name)
      if (host === undefined) note(() => say('conservationUnknownBalance', { participant: name }), closing[i]!)
      else note(() => say('conservationOpening', { participant: name, stated: opening[i]!, host: host.opening }), opening[i]! - host.opening)
      note(() => say('conservationClosing', { participant: name, stated: closing[i]!, ledger: running.get(name) ?? 0 }), closing[i]! - (running.get(name) ?? 0))
    }
    for (const [name, host] of v.participants) if (!stated.has(name)) note(() => say('conservationNoClosing', { participant: name }), running.get(name) ?? host.opening)
    const passed = worst <= params.tolerance
    return {
      passed,
      figure: worst,
      threshold: params.tolerance,
      ...(passed || firstIssue === undefined ? say('conservationPass', { entries: e.rows }) : say('conservationFail', { issue: firstIssue.text, more: issues.length - 1 })),
      evidence: { entries: e.rows, netByCurrency: Object.fromEntries(net), issues },
    }
  },
})
