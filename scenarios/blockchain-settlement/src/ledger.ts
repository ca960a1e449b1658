/**
 * The settlement engine's state machine: central-bank accounts in integer cents (so balances add
 * up exactly) and the rules that decide each instruction, in queue order, with its ISO 20022
 * status reason when it cannot settle:
 *   RC01  the debtor or creditor agent is not a participant
 *   AM05  the EndToEndId has already settled (a duplicate)
 *   AM04  the debtor agent's balance does not cover the amount (no overdraft, no queueing)
 * Otherwise it settles with delivery versus payment: the debit of the payer's bank and the credit
 * of the payee's bank are computed together and posted together, or neither is.
 */
import type { LeafEntry, SettlementReasonCode } from '@bund/sdk'

/** One transfer to settle, amount in cents. */
export interface Instruction {
  seq: number
  endToEndId: string
  amount: number
  debtor: string
  creditor: string
}

export type Outcome =
  | { status: 'settled'; reason: ''; entries: readonly [LeafEntry, LeafEntry] }
  | { status: 'rejected'; reason: SettlementReasonCode; entries: readonly [] }

const reject = (reason: SettlementReasonCode): Outcome => ({ status: 'rejected', reason, entries: [] })

export class Ledger {
  readonly #cents = new Map<string, number>()
  readonly #settled = new Set<string>()

  /** Opens the accounts: each participant's opening balance in cents. */
  constructor(openings: Iterable<readonly [bic: string, cents: number]>) {
    for (const [bic, cents] of openings) this.#cents.set(bic, cents)
  }

  /** A participant's balance in cents (undefined for a non-participant). */
  balance(bic: string): number | undefined {
    return this.#cents.get(bic)
  }

  /** Decides one instruction and, if it settles, posts both of its legs. */
  execute(ins: Instruction): Outcome {
    const from = this.#cents.get(ins.debtor)
    const to = this.#cents.get(ins.creditor)
    if (from === undefined || to === undefined) return reject('RC01')
    if (this.#settled.has(ins.endToEndId)) return reject('AM05')
    if (from < ins.amount) return reject('AM04')
    // Both legs first, then post both: there is no state in which only one has happened.
    const debit: LeafEntry = [ins.debtor, -ins.amount / 100, (from - ins.amount) / 100]
    const credit: LeafEntry = [ins.creditor, ins.amount / 100, (to + ins.amount) / 100]
    this.#cents.set(ins.debtor, from - ins.amount)
    this.#cents.set(ins.creditor, to + ins.amount)
    this.#settled.add(ins.endToEndId)
    return { status: 'settled', reason: '', entries: [debit, credit] }
  }
}
