/**
 * Result kind `settlement-batch`: what a settlement engine did with a queue of interbank transfers.
 * Every instruction is settled or rejected with an ISO 20022 reason code; settled ones move money
 * by double entry on an append-only ledger; outcomes are sealed into hash-linked blocks whose Merkle
 * roots commit to each outcome and its ledger entries; `finality.finalHeight` says which blocks are
 * irrevocable. The host replays all of it from the opening balances it generated.
 */
import { TableBuilder } from '../builders.js'
import { SETTLEMENT_REJECTIONS } from '../datasets/settlement-instructions.js'
import type { TableData } from '../table.js'
import type { PublishedAggregate } from './aggregates.js'
import { GENESIS_HASH, type LeafEntry, blockHeader, merkleRoot, outcomeLeaf, sha256Digest, toHex } from './chain-hash.js'

/** One row per instruction processed: its queue position, status, reason and block. */
export const SETTLEMENT_OUTCOME_COLUMNS = { seq: 'u32', endToEndId: 'dict', status: 'dict', reason: 'dict', block: 'u32' } as const

/** The ledger, in posting order: `amount` is negative for a debit and positive for a credit. */
export const LEDGER_ENTRY_COLUMNS = { instruction: 'u32', participant: 'dict', amount: 'f64', balanceAfter: 'f64', block: 'u32' } as const

/** Each participant's opening and closing balance. */
export const BALANCE_COLUMNS = { participant: 'dict', currency: 'dict', opening: 'f64', closing: 'f64' } as const

/** The statuses an outcome may have. */
export const SETTLEMENT_STATUSES = ['settled', 'rejected'] as const

/** An ISO 20022 status reason code a rejection may give (see SETTLEMENT_REJECTIONS). */
export type SettlementReasonCode = (typeof SETTLEMENT_REJECTIONS)[keyof typeof SETTLEMENT_REJECTIONS]

/** A sealed block: its outcomes are the outcome rows whose `block` is its height, in row order. */
export interface SettlementBlock {
  height: number
  /** Hex sha256 of the previous block's header; GENESIS_HASH for height 0. */
  prevHash: string
  /** RFC 6962 Merkle root over the block's outcome leaves (see outcomeLeaf). */
  merkleRoot: string
  /** Hex sha256 of blockHeader(height, prevHash, merkleRoot, size). */
  hash: string
  /** Number of outcomes in the block. */
  size: number
}

/** What a `settlement-batch` scenario returns. */
export interface SettlementBatch {
  kind: 'settlement-batch'
  outcomes: TableData
  entries: TableData
  balances: TableData
  blocks: SettlementBlock[]
  /** Blocks up to and including `finalHeight` are final: irrevocable and unconditional. */
  finality: { finalHeight: number; basis?: string }
  /** Aggregates published with the result (see PublishedAggregate). */
  aggregates?: PublishedAggregate[]
}

/** One participant's balances, as given to {@link SettlementBatchBuilder.build}. */
export interface ParticipantBalance {
  participant: string
  currency: string
  opening: number
  closing: number
}

/**
 * Collects outcomes and ledger entries, seals blocks (computing their Merkle roots and links) and
 * builds the output. Outcomes go into the open block until `seal()`.
 */
export class SettlementBatchBuilder {
  readonly #outcomes: Array<{ seq: number; endToEndId: string; status: string; reason: string; block: number; entries: LeafEntry[] }> = []
  readonly #blocks: SettlementBlock[] = []
  #open: Uint8Array[] = []

  /** Settles instruction `seq`: a debit and a credit (or any entries that sum to zero), with balances after. */
  settle(seq: number, endToEndId: string, entries: readonly LeafEntry[]): this {
    return this.#add(seq, endToEndId, 'settled', '', [...entries])
  }
  /** Rejects instruction `seq` with an ISO 20022 reason code. */
  reject(seq: number, endToEndId: string, reason: SettlementReasonCode): this {
    return this.#add(seq, endToEndId, 'rejected', reason, [])
  }
  #add(seq: number, endToEndId: string, status: string, reason: string, entries: LeafEntry[]): this {
    this.#outcomes.push({ seq, endToEndId, status, reason, block: this.#blocks.length, entries })
    this.#open.push(outcomeLeaf(seq, endToEndId, status, reason, entries))
    return this
  }
  /** Seals the open block (if it holds anything) and returns it. */
  seal(): SettlementBlock | undefined {
    if (this.#open.length === 0) return undefined
    const height = this.#blocks.length
    const prevHash = this.#blocks[height - 1]?.hash ?? GENESIS_HASH
    const root = merkleRoot(this.#open)
    const block = { height, prevHash, merkleRoot: root, hash: toHex(sha256Digest(blockHeader(height, prevHash, root, this.#open.length))), size: this.#open.length }
    this.#blocks.push(block)
    this.#open = []
    return block
  }
  /** Seals the last block and builds the output; every sealed block is final unless `finalHeight` says otherwise. */
  build(balances: readonly ParticipantBalance[], finality?: { finalHeight: number; basis?: string }): SettlementBatch {
    this.seal()
    const outcomes = new TableBuilder(SETTLEMENT_OUTCOME_COLUMNS, this.#outcomes.length)
    const entryCount = this.#outcomes.reduce((n, o) => n + o.entries.length, 0)
    const entries = new TableBuilder(LEDGER_ENTRY_COLUMNS, entryCount)
    let e = 0
    this.#outcomes.forEach((o, i) => {
      outcomes.columns.seq[i] = o.seq
      outcomes.columns.endToEndId.set(i, o.endToEndId)
      outcomes.columns.status.set(i, o.status)
      outcomes.columns.reason.set(i, o.reason)
      outcomes.columns.block[i] = o.block
      for (const [participant, amount, balanceAfter] of o.entries) {
        entries.columns.instruction[e] = o.seq
        entries.columns.participant.set(e, participant)
        entries.columns.amount[e] = amount
        entries.columns.balanceAfter[e] = balanceAfter
        entries.columns.block[e] = o.block
        e++
      }
    })
    const table = new TableBuilder(BALANCE_COLUMNS, balances.length)
    balances.forEach((b, i) => {
      table.columns.participant.set(i, b.participant)
      table.columns.currency.set(i, b.currency)
      table.columns.opening[i] = b.opening
      table.columns.closing[i] = b.closing
    })
    return {
      kind: 'settlement-batch',
      outcomes: outcomes.build(),
      entries: entries.build(),
      balances: table.build(),
      blocks: [...this.#blocks],
      finality: finality ?? { finalHeight: this.#blocks.length - 1 },
    }
  }
}

/** Starts a `settlement-batch` output. */
export function settlementBatch(): SettlementBatchBuilder {
  return new SettlementBatchBuilder()
}
