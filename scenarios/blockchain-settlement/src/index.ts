import { defineScenario, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'
import { quorum, settleOnLedger } from './consensus.js'
import type { Instruction } from './ledger.js'
import { settlementOutput } from './output.js'

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

/** Amounts and balances are kept in integer cents, so that they add up exactly. */
const cents = (x: number) => Math.round(x * 100)

export default defineScenario({
  id: 'bund/blockchain-settlement',
  version: '1.0.0',
  title: 'Interbank settlement on a permissioned ledger',
  description:
    'Real-time gross settlement of interbank credit transfers on a permissioned blockchain: delivery versus payment against central-bank balances, an ISO 20022 reason for every rejection, outcomes sealed into hash-linked blocks with RFC 6962 Merkle roots (SHA-256 from @noble/hashes), final once a BFT quorum of validators has re-executed each block.',
  category: 'settlement',
  datasets: { instructions: { kind: 'settlement-instructions', rows: 10_000 } },
  result: 'settlement-batch',
  params: withJsonSchema(
    z.object({
      /** Instructions per block. */
      blockSize: z._default(z.int().check(z.gte(1), z.lte(10_000)), 250),
      /** Validators that execute every block (n = 3f + 1 tolerates f faulty ones). */
      validators: z._default(z.int().check(z.gte(1), z.lte(31)), 4),
      /** Validators with a corrupt replica, to show what the quorum tolerates (0 in production). */
      faultyValidators: z._default(z.int().check(z.gte(0), z.lte(30)), 0),
    }).check(z.refine((p) => p.faultyValidators < p.validators, { error: 'faultyValidators must be fewer than validators (the proposer is honest)' })),
    z.toJSONSchema,
  ),
  run(ctx) {
    const { blockSize, validators, faultyValidators } = ctx.params
    const participants = ctx.related.instructions.participants
    const bic = participants.column('bic')
    const currency = participants.column('currency')
    const opening = participants.column('openingBalance')
    const openings = new Map(Array.from({ length: participants.rows }, (_, p) => [bic.get(p), cents(opening[p]!)] as const))

    // The queue, in submission order.
    const t = ctx.data.instructions
    const seq = t.column('seq')
    const e2e = t.column('endToEndId')
    const amount = t.column('amount')
    const debtor = t.column('debtorAgent')
    const creditor = t.column('creditorAgent')
    const queue: Instruction[] = Array.from({ length: t.rows }, (_, i) => ({
      seq: seq[i]!,
      endToEndId: e2e.get(i),
      amount: cents(amount[i]!),
      debtor: debtor.get(i),
      creditor: creditor.get(i),
    })).sort((a, b) => a.seq - b.seq)

    ctx.progress(0.1, 'settling')
    const blocks = settleOnLedger(queue, openings, blockSize, { validators, faulty: faultyValidators })

    // Closing balances: the opening plus every posted leg, as the proposer's replica holds them.
    const closing = new Map(openings)
    const counts = { settled: 0, RC01: 0, AM05: 0, AM04: 0 }
    for (const b of blocks) {
      for (const o of b.outcomes) {
        counts[o.status === 'settled' ? 'settled' : o.reason]++
        for (const [participant, delta] of o.entries) closing.set(participant, closing.get(participant)! + cents(delta))
      }
    }
    const final = blocks.filter((b) => b.final).length
    const needed = quorum(validators)
    ctx.log.info(`${queue.length} instructions: ${counts.settled} settled; rejected ${counts.AM04} AM04 (insufficient funds), ${counts.AM05} AM05 (duplicate), ${counts.RC01} RC01 (unknown participant)`)
    ctx.log.info(`${blocks.length} blocks of up to ${blockSize}; ${final} final with at least ${needed} of ${validators} validators agreeing`)
    if (final < blocks.length) ctx.log.warn(`no quorum from block ${final}: the chain halted and those blocks are not final`)
    ctx.progress(0.9, 'assembling the batch')
    return settlementOutput(
      queue,
      blocks,
      Array.from({ length: participants.rows }, (_, p) => ({ bic: bic.get(p), currency: currency.get(p), opening: opening[p]!, closing: closing.get(bic.get(p))! / 100 })),
      `BFT commit: ${validators} validators each executed every block; a block is final when ${needed} of them (2f + 1) computed the same Merkle root and hash`,
    )
  },
})
