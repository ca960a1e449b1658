import { createHash } from 'node:crypto'
import { GENESIS_HASH, type LeafEntry, blockHeader, outcomeLeaf } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'
import { settlementView } from '../settlement-join.js'
import { type Said, say } from '../verdict-text.js'

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}
const LEAF = Uint8Array.of(0)
const NODE = Uint8Array.of(1)

/** RFC 6962 §2.1 Merkle tree hash, recomputed with node:crypto independently of the SDK's code. */
export function rfc6962Root(leaves: readonly Uint8Array[]): string {
  const hash = (from: number, to: number): Buffer => {
    if (to - from === 1) return sha(LEAF, leaves[from]!)
    let k = 1
    while (k * 2 < to - from) k *= 2
    return sha(NODE, hash(from, from + k), hash(from + k, to))
  }
  return (leaves.length === 0 ? sha() : hash(0, leaves.length)).toString('hex')
}

/**
 * Hash links and Merkle roots recompute: blocks run from height 0 without gaps, each links to its
 * predecessor's hash (the first to GENESIS_HASH), each root is the RFC 6962 root of its outcomes'
 * leaves (outcome plus its ledger entries, see the SDK's outcomeLeaf), each hash is the sha256 of its
 * header, and every outcome and entry lies in an existing block. Figure: blocks that fail.
 */
export const settlementHashChain = defineCheck({
  name: 'settlement-hash-chain',
  description: "Every block's Merkle root, hash and link to its predecessor recompute from the outcomes and entries.",
  kinds: ['settlement-batch'],
  params: z.object({}).strict(),
  evaluate(input) {
    const v = settlementView(input)
    const { outcomes: o, entries: e, batch } = v
    // The entries of each (block, instruction), in posting order.
    const entriesOf = new Map<string, LeafEntry[]>()
    for (let i = 0; i < e.rows; i++) {
      const key = `${e.block[i]}:${e.instruction[i]}`
      const list = entriesOf.get(key) ?? []
      list.push([e.participant(i), e.amount[i]!, e.balanceAfter[i]!])
      entriesOf.set(key, list)
    }
    const leaves = batch.blocks.map((): Uint8Array[] => [])
    let stray = 0
    for (let i = 0; i < o.rows; i++) {
      const block = leaves[o.block[i]!]
      if (block === undefined) {
        stray++
        continue
      }
      block.push(outcomeLeaf(o.seq[i]!, o.endToEndId(i), o.status(i), o.reason(i), entriesOf.get(`${o.block[i]}:${o.seq[i]}`) ?? []))
    }
    for (let i = 0; i < e.rows; i++) if (e.block[i]! >= batch.blocks.length) stray++
    const failures: Array<{ height: number; problem: string; problems: Said[] }> = []
    let prev = GENESIS_HASH
    batch.blocks.forEach((b, index) => {
      const problems: Said[] = []
      if (b.height !== index) problems.push(say('blockHeight', { height: b.height, index }))
      if (b.prevHash !== prev) problems.push(say('blockPrevHash'))
      if (b.size !== leaves[index]!.length) problems.push(say('blockSize', { size: b.size, outcomes: leaves[index]!.length }))
      const root = rfc6962Root(leaves[index]!)
      if (root !== b.merkleRoot) problems.push(say('blockMerkleRoot', { stated: b.merkleRoot.slice(0, 12), recomputed: root.slice(0, 12) }))
      const hash = sha(blockHeader(b.height, b.prevHash, b.merkleRoot, b.size)).toString('hex')
      if (hash !== b.hash) problems.push(say('blockHash', { stated: b.hash.slice(0, 12), recomputed: hash.slice(0, 12) }))
      if (problems.length > 0) failures.push({ height: index, problem: problems.map((p) => p.message).join('; '), problems })
      prev = b.hash
    })
    if (batch.finality.finalHeight >= batch.blocks.length) failures.push({ height: batch.finality.finalHeight, problem: say('blockFinality').message, problems: [say('blockFinality')] })
    const passed = failures.length === 0 && stray === 0
    return {
      passed,
      figure: failures.length + (stray > 0 ? 1 : 0),
      threshold: 0,
      ...(passed
        ? say('hashChainPass', { blocks: batch.blocks.length })
        : say('hashChainFail', { failed: failures.length, blocks: batch.blocks.length, stray, first: failures[0] ? { height: failures[0].height, problems: failures[0].problems.map((p) => p.text) } : null })),
      evidence: { blocks: batch.blocks.length, finalHeight: batch.finality.finalHeight, tip: batch.blocks.at(-1)?.hash ?? null, outsideAnyBlock: stray, failures: failures.slice(0, 10).map(({ height, problem }) => ({ height, problem })) },
    }
  },
})
