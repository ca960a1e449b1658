/**
 * The `settlement-batch` output, assembled from the committed blocks: outcomes in queue order,
 * ledger entries in posting order, balances, blocks and finality.
 */
import { BALANCE_COLUMNS, LEDGER_ENTRY_COLUMNS, SETTLEMENT_OUTCOME_COLUMNS, type SettlementBatch, TableBuilder } from '@bund/sdk'
import type { Committed } from './consensus.js'
import type { Instruction } from './ledger.js'

export interface Account {
  bic: string
  currency: string
  opening: number
  closing: number
}

export function settlementOutput(queue: readonly Instruction[], blocks: readonly Committed[], accounts: readonly Account[], basis: string): SettlementBatch {
  const outcomes = new TableBuilder(SETTLEMENT_OUTCOME_COLUMNS, queue.length)
  const settled = blocks.reduce((n, b) => n + b.outcomes.filter((o) => o.status === 'settled').length, 0)
  const entries = new TableBuilder(LEDGER_ENTRY_COLUMNS, 2 * settled)
  let row = 0
  let entry = 0
  for (const { block, outcomes: decided } of blocks) {
    for (const o of decided) {
      const ins = queue[row]!
      outcomes.columns.seq[row] = ins.seq
      outcomes.columns.endToEndId.set(row, ins.endToEndId)
      outcomes.columns.status.set(row, o.status)
      outcomes.columns.reason.set(row, o.reason)
      outcomes.columns.block[row] = block.height
      for (const [participant, amount, balanceAfter] of o.entries) {
        entries.columns.instruction[entry] = ins.seq
        entries.columns.participant.set(entry, participant)
        entries.columns.amount[entry] = amount
        entries.columns.balanceAfter[entry] = balanceAfter
        entries.columns.block[entry] = block.height
        entry++
      }
      row++
    }
  }
  const balances = new TableBuilder(BALANCE_COLUMNS, accounts.length)
  accounts.forEach((a, i) => {
    balances.columns.participant.set(i, a.bic)
    balances.columns.currency.set(i, a.currency)
    balances.columns.opening[i] = a.opening
    balances.columns.closing[i] = a.closing
  })
  let finalHeight = -1
  while (blocks[finalHeight + 1]?.final === true) finalHeight++
  return {
    kind: 'settlement-batch',
    outcomes: outcomes.build(),
    entries: entries.build(),
    balances: balances.build(),
    blocks: blocks.map((b) => b.block),
    finality: { finalHeight, basis },
  }
}
