/** The ledger's rules and the @noble/hashes chain against the SDK's contract encodings. */
import { type LeafEntry, merkleRoot as sdkMerkleRoot, outcomeLeaf } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { quorum, settleOnLedger } from '../src/consensus.js'
import { prefixedLeaf } from '../src/leaf.js'
import { type Instruction, Ledger } from '../src/ledger.js'
import { headerHash, merkleRoot } from '../src/merkle.js'
import { createHash } from 'node:crypto'

const leafArgs = (i: number): [number, string, string, string, LeafEntry[]] =>
  i % 3 === 0 ? [i, `E2E${i}`, 'rejected', 'AM04', []] : [i, `E2E${i}`, 'settled', '', [['BANKACNBJXXX', -(i + 0.01), 1000.5 - i], ['BANKBCNSHXXX', i + 0.01, 2e9 + i]]]

describe('leaf encoding and Merkle roots', () => {
  it('prefixes exactly the SDK outcome leaf with 0x00, ASCII or not', () => {
    for (const args of [leafArgs(1), leafArgs(3), [7, 'E2E-Zürich-北京', 'settled', '', [['X', -1, 0]]] as const]) {
      const sdk = outcomeLeaf(...(args as Parameters<typeof outcomeLeaf>))
      expect(Buffer.from(prefixedLeaf(...(args as Parameters<typeof prefixedLeaf>)))).toEqual(Buffer.concat([Buffer.of(0), sdk]))
    }
  })

  it('computes the RFC 6962 root the SDK computes, for every tree shape up to 33 leaves', () => {
    for (let n = 0; n <= 33; n++) {
      const args = Array.from({ length: n }, (_, i) => leafArgs(i))
      expect(merkleRoot(args.map((a) => prefixedLeaf(...a))), `${n} leaves`).toBe(sdkMerkleRoot(args.map((a) => outcomeLeaf(...a))))
    }
  })

  it('hashes the block header as node:crypto does', () => {
    const header = JSON.stringify([3, 'ab'.repeat(32), 'cd'.repeat(32), 250])
    expect(headerHash(3, 'ab'.repeat(32), 'cd'.repeat(32), 250)).toBe(createHash('sha256').update(header).digest('hex'))
  })
})

describe('the ledger', () => {
  const openings = [['A', 10_000], ['B', 0]] as const
  const ins = (seq: number, amount: number, debtor = 'A', creditor = 'B', endToEndId = `E${seq}`): Instruction => ({ seq, endToEndId, amount, debtor, creditor })

  it('settles both legs together, down to an exactly zero balance, and never overdraws', () => {
    const ledger = new Ledger(openings)
    expect(ledger.execute(ins(0, 10_000))).toEqual({ status: 'settled', reason: '', entries: [['A', -100, 0], ['B', 100, 100]] })
    expect(ledger.execute(ins(1, 1))).toEqual({ status: 'rejected', reason: 'AM04', entries: [] })
    expect([ledger.balance('A'), ledger.balance('B')]).toEqual([0, 10_000])
  })

  it('checks participants first, then duplicates, then funds', () => {
    const ledger = new Ledger(openings)
    expect(ledger.execute(ins(0, 5))).toMatchObject({ status: 'settled' })
    expect(ledger.execute(ins(1, 5, 'A', 'NOBODY', 'E0')).reason).toBe('RC01')
    expect(ledger.execute(ins(2, 1e9, 'A', 'B', 'E0')).reason).toBe('AM05')
    expect(ledger.execute(ins(3, 1e9)).reason).toBe('AM04')
    // A rejected EndToEndId may be sent again and settle.
    expect(ledger.execute(ins(4, 5, 'A', 'B', 'E3')).status).toBe('settled')
  })
})

describe('finality', () => {
  const queue = Array.from({ length: 10 }, (_, i): Instruction => ({ seq: i, endToEndId: `E${i}`, amount: 100, debtor: i % 2 ? 'A' : 'B', creditor: i % 2 ? 'B' : 'A' }))
  const openings = new Map([['A', 1_000], ['B', 1_000]])

  it('needs more than two thirds of the validators', () => {
    expect([1, 2, 3, 4, 5, 7, 10].map(quorum)).toEqual([1, 2, 3, 3, 4, 5, 7])
  })

  it('finalises every block while faulty validators stay within f, and halts beyond it', () => {
    const votes = (faulty: number) => settleOnLedger(queue, openings, 4, { validators: 4, faulty })
    expect(votes(0).map((b) => [b.votes, b.final])).toEqual([[4, true], [4, true], [4, true]])
    expect(votes(1).map((b) => [b.votes, b.final])).toEqual([[3, true], [3, true], [3, true]])
    expect(votes(2).map((b) => [b.votes, b.final])).toEqual([[2, false], [2, false], [2, false]])
    // The proposer's blocks link up whatever the votes.
    const blocks = votes(2).map((b) => b.block)
    expect(blocks.map((b) => b.size)).toEqual([4, 4, 2])
    expect(blocks[1]!.prevHash).toBe(blocks[0]!.hash)
  })
})
