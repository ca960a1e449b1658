/**
 * A settlement-batch scenario: a real-time gross settlement engine. It processes a queue of
 * interbank credit transfers in order, settles each one that the debtor bank can fund by double
 * entry on the ledger, rejects the rest with an ISO 20022 reason code, and seals the outcomes into
 * hash-linked blocks.
 *
 * Bund replays everything from the opening balances it generated: money must be conserved, no
 * balance may go negative, no end-to-end id may settle twice, every planted bad instruction must
 * be rejected for the right reason, and the block hashes and Merkle roots must verify.
 */
import { defineScenario, settlementBatch } from '@bund/sdk'

/** Outcomes per block: the engine seals a block every this many instructions. */
const BLOCK_SIZE = 200

/** Amounts are kept in cents so that balances add up exactly. */
const cents = (x: number) => Math.round(x * 100)

export default defineScenario({
  id: 'template-org/settlement-template',
  version: '0.1.0',
  title: 'Gross settlement engine',
  description: 'Settles interbank transfers one by one against central-bank balances, rejecting what cannot settle with its ISO 20022 reason.',
  category: 'settlement',
  datasets: { instructions: { kind: 'settlement-instructions', rows: 5_000 } },
  result: 'settlement-batch',
  run(ctx) {
    const queue = ctx.data.instructions
    const participants = ctx.related.instructions.participants
    const bics = participants.column('bic')
    const opening = participants.column('openingBalance')

    // Each participant's balance in cents, by BIC.
    const balance = new Map<string, number>()
    for (let p = 0; p < participants.rows; p++) balance.set(bics.get(p), cents(opening[p]!))

    const seq = queue.column('seq')
    const e2e = queue.column('endToEndId')
    const amount = queue.column('amount')
    const debtor = queue.column('debtorAgent')
    const creditor = queue.column('creditorAgent')

    // The queue is processed in submission order.
    const order = Array.from({ length: queue.rows }, (_, i) => i).sort((a, b) => seq[a]! - seq[b]!)
    const settledIds = new Set<string>()
    const out = settlementBatch()
    let settled = 0
    for (const [k, i] of order.entries()) {
      const id = e2e.get(i)
      const from = debtor.get(i)
      const to = creditor.get(i)
      const value = cents(amount[i]!)
      const fromBalance = balance.get(from)
      const toBalance = balance.get(to)
      // ISO 20022 status reasons: RC01 unknown participant, AM05 duplicate, AM04 insufficient funds.
      if (fromBalance === undefined || toBalance === undefined) out.reject(seq[i]!, id, 'RC01')
      else if (settledIds.has(id)) out.reject(seq[i]!, id, 'AM05')
      else if (fromBalance < value) out.reject(seq[i]!, id, 'AM04')
      else {
        balance.set(from, fromBalance - value)
        balance.set(to, toBalance + value)
        settledIds.add(id)
        settled++
        out.settle(seq[i]!, id, [
          [from, -value / 100, (fromBalance - value) / 100],
          [to, value / 100, (toBalance + value) / 100],
        ])
      }
      if ((k + 1) % BLOCK_SIZE === 0) out.seal()
    }

    ctx.log.info(`settled ${settled} of ${queue.rows} instructions`)
    const currency = participants.column('currency')
    return out.build(
      Array.from({ length: participants.rows }, (_, p) => ({
        participant: bics.get(p),
        currency: currency.get(p),
        opening: opening[p]!,
        closing: balance.get(bics.get(p))! / 100,
      })),
    )
  },
})
