/**
 * A permissioned ledger with BFT finality (as in Tendermint or HotStuff): a proposer orders the
 * queue into blocks; every validator executes each block on its own replica of the accounts and
 * computes the block's Merkle root and hash; the block commits — and is final, irrevocable — when
 * a quorum of 2f + 1 of the n = 3f + 1 validators computed the same hash, so up to f faulty
 * validators can neither stop nor fork the chain. Without a quorum the chain halts: nothing from
 * that block on is final. (The validators run in this one sandbox; a real network would exchange
 * signed votes.)
 */
import { GENESIS_HASH, type SettlementBlock } from '@bund/sdk'
import { prefixedLeaf } from './leaf.js'
import { type Instruction, Ledger, type Outcome } from './ledger.js'
import { headerHash, merkleRoot } from './merkle.js'

/** A validator: a replica of the accounts and the tip of its chain. */
class Validator {
  readonly ledger: Ledger
  tip = GENESIS_HASH
  constructor(openings: ReadonlyMap<string, number>) {
    this.ledger = new Ledger(openings)
  }
  /** Executes a block's instructions and seals what it computed. */
  execute(height: number, batch: readonly Instruction[]): { block: SettlementBlock; outcomes: Outcome[] } {
    const outcomes = batch.map((ins) => this.ledger.execute(ins))
    const leaves = outcomes.map((o, i) => prefixedLeaf(batch[i]!.seq, batch[i]!.endToEndId, o.status, o.reason, o.entries))
    const root = merkleRoot(leaves)
    const block = { height, prevHash: this.tip, merkleRoot: root, hash: headerHash(height, this.tip, root, leaves.length), size: leaves.length }
    this.tip = block.hash
    return { block, outcomes }
  }
}

export interface Committed {
  block: SettlementBlock
  outcomes: Outcome[]
  /** Validators whose execution gave the proposed hash, the proposer included. */
  votes: number
  final: boolean
}

export interface Network {
  validators: number
  /** Validators whose replica is corrupt (their opening balances are off by a cent). */
  faulty: number
}

/** 2f + 1 of n = 3f + 1 (for any n: the smallest count more than two thirds). */
export function quorum(n: number): number {
  return Math.floor((2 * n) / 3) + 1
}

/**
 * Runs the queue through the network, `blockSize` instructions a block, and returns each block
 * as the proposer (validator 0, always honest) sealed it, with its votes and finality.
 */
export function settleOnLedger(queue: readonly Instruction[], openings: ReadonlyMap<string, number>, blockSize: number, network: Network): Committed[] {
  const corrupt = new Map([...openings].map(([bic, cents]) => [bic, cents + 1]))
  const nodes = Array.from({ length: network.validators }, (_, i) => new Validator(i > 0 && i <= network.faulty ? corrupt : openings))
  const needed = quorum(network.validators)
  const blocks: Committed[] = []
  let halted = false
  for (let from = 0, height = 0; from < queue.length; from += blockSize, height++) {
    const batch = queue.slice(from, from + blockSize)
    const [proposal, ...others] = nodes.map((node) => node.execute(height, batch))
    const votes = 1 + others.filter((o) => o.block.hash === proposal!.block.hash).length
    if (votes < needed) halted = true
    blocks.push({ ...proposal!, votes, final: !halted })
  }
  return blocks
}
