import { createHash } from 'node:crypto'
import {
  rfc6962Root,
  settlementConservation,
  settlementHashChain,
  settlementNoNegativeBalance,
  settlementNoReversal,
  settlementOutcomes,
  settlementReplay,
  settlementUniqueE2e,
} from '@bund/core'
import { type SettlementBatch, merkleRoot, settlementBatch, sha256Digest, tableBuilder, toHex, utf8 } from '@bund/sdk'
import { RESULT_SCHEMAS } from '@bund/sdk/schemas'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

/**
 * Banks A (opening 1,000), B (500), C (0). Instructions in queue order:
 *  0 E0 A→B 300   settles: A 700, B 800
 *  1 E1 C→A 100   planted insufficient-funds → AM04
 *  2 E0 A→B 300   planted duplicate-e2e      → AM05
 *  3 E3 B→Z 50    planted unknown-participant → RC01
 *  4 E4 B→C 700   settles: B 100, C 700
 * Blocks: 0 = instructions 0–2, 1 = instructions 3–4.
 */
const INSTRUCTIONS: Array<[string, number, string, string, string]> = [
  ['E0', 300, 'A', 'B', 'none'],
  ['E1', 100, 'C', 'A', 'insufficient-funds'],
  ['E0', 300, 'A', 'B', 'duplicate-e2e'],
  ['E3', 50, 'B', 'Z', 'unknown-participant'],
  ['E4', 700, 'B', 'C', 'none'],
]

function data() {
  const ins = tableBuilder({ seq: 'u32', msgId: 'dict', endToEndId: 'dict', amount: 'f64', currency: 'dict', debtorAgent: 'dict', creditorAgent: 'dict', valueDate: 'dict', planted: 'dict' }, 5)
  INSTRUCTIONS.forEach(([e2e, amount, from, to, planted], i) => {
    ins.columns.seq[i] = i
    ins.columns.msgId.set(i, `M${i}`)
    ins.columns.endToEndId.set(i, e2e)
    ins.columns.amount[i] = amount
    ins.columns.currency.set(i, 'CNY')
    ins.columns.debtorAgent.set(i, from)
    ins.columns.creditorAgent.set(i, to)
    ins.columns.valueDate.set(i, '2026-01-02')
    ins.columns.planted.set(i, planted)
  })
  const participants = tableBuilder({ bic: 'dict', name: 'dict', currency: 'dict', openingBalance: 'f64' }, 3)
  ;[['A', 1000], ['B', 500], ['C', 0]].forEach(([bic, opening], i) => {
    participants.columns.bic.set(i, bic as string)
    participants.columns.name.set(i, `Bank ${bic}`)
    participants.columns.currency.set(i, 'CNY')
    participants.columns.openingBalance[i] = opening as number
  })
  return { instructions: dataset('settlement-instructions', ins.build(), { companions: { participants: participants.build() } }) }
}

type Step = (b: ReturnType<typeof settlementBatch>) => void
const GOOD: Step[] = [
  (b) => b.settle(0, 'E0', [['A', -300, 700], ['B', 300, 800]]),
  (b) => b.reject(1, 'E1', 'AM04'),
  (b) => b.reject(2, 'E0', 'AM05'),
  (b) => void b.seal(),
  (b) => b.reject(3, 'E3', 'RC01'),
  (b) => b.settle(4, 'E4', [['B', -700, 100], ['C', 700, 700]]),
]
const BALANCES = [
  { participant: 'A', currency: 'CNY', opening: 1000, closing: 700 },
  { participant: 'B', currency: 'CNY', opening: 500, closing: 100 },
  { participant: 'C', currency: 'CNY', opening: 0, closing: 700 },
]

function batch(steps: Step[] = GOOD, balances = BALANCES): SettlementBatch {
  const b = settlementBatch()
  for (const step of steps) step(b)
  return b.build(balances)
}

const run = (check: { evaluate(i: never, p: never): { passed: boolean; figure: number | null; message: string } }, output: SettlementBatch, params: object = {}) =>
  check.evaluate(checkInput('settlement-batch', output, data()) as never, { tolerance: 0.005, plantedMustBeRejected: true, ...params } as never)

const ALL = [settlementOutcomes, settlementReplay, settlementConservation, settlementNoNegativeBalance, settlementUniqueE2e, settlementHashChain, settlementNoReversal]

describe('SDK hashing matches node:crypto and RFC 6962', () => {
  it('sha256 of known vectors', () => {
    expect(toHex(sha256Digest(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    const long = 'Straße 北京 🚀 '.repeat(100)
    expect(toHex(sha256Digest(utf8(long)))).toBe(createHash('sha256').update(long, 'utf8').digest('hex'))
  })

  it('Merkle roots: empty tree, one empty leaf, and 1–9 leaves agree with the host', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(merkleRoot([new Uint8Array(0)])).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d')
    for (let n = 1; n <= 9; n++) {
      const leaves = Array.from({ length: n }, (_, i) => utf8(`leaf ${i}`))
      expect(merkleRoot(leaves)).toBe(rfc6962Root(leaves))
    }
  })
})

describe('settlement checks', () => {
  it('a correct batch is valid and passes all seven checks', () => {
    const output = batch()
    expect(RESULT_SCHEMAS['settlement-batch'].safeParse(output).success).toBe(true)
    expect(output.blocks.map((b) => b.size)).toEqual([3, 2])
    for (const check of ALL) expect(run(check, output), check.name).toMatchObject({ passed: true })
  })

  it('outcomes: a missing outcome and a settled planted failure', () => {
    const r = run(settlementOutcomes, batch([GOOD[0]!, GOOD[1]!, GOOD[2]!, GOOD[5]!]))
    expect(r).toMatchObject({ passed: false, figure: 4 / 5 })
    const settledBad = batch([GOOD[0]!, (b) => b.settle(1, 'E1', [['C', -100, -100], ['A', 100, 800]]), GOOD[2]!, GOOD[4]!, (b) => b.settle(4, 'E4', [['B', -700, 100], ['C', 700, 600]])])
    const r2 = run(settlementOutcomes, settledBad)
    expect(r2.figure).toBeCloseTo(4 / 5, 12)
    expect(r2.message).toMatch(/planted to fail \(insufficient-funds\)/)
    // …which the replay also catches as an overdraft of C: −100.
    expect(run(settlementNoNegativeBalance, settledBad)).toMatchObject({ passed: false, figure: -100 })
  })

  it('replay: an engine that rejects everything (AM04) agrees on 2 of 5: the planted AM04, and E4 (B has 500 < 700 once E0 is refused)', () => {
    const rejectAll = batch([(b) => b.reject(0, 'E0', 'AM04'), GOOD[1]!, (b) => b.reject(2, 'E0', 'AM04'), (b) => b.reject(3, 'E3', 'AM04'), (b) => b.reject(4, 'E4', 'AM04')], [
      { ...BALANCES[0]!, closing: 1000 },
      { ...BALANCES[1]!, closing: 500 },
      { ...BALANCES[2]!, closing: 0 },
    ])
    // The six older checks all pass it: nothing settled, so nothing overdraws, duplicates or breaks.
    for (const check of ALL.filter((c) => c !== settlementReplay)) expect(run(check, rejectAll), check.name).toMatchObject({ passed: true })
    const r = run(settlementReplay, rejectAll)
    expect(r).toMatchObject({ passed: false, figure: 2 / 5 })
    expect(r.message).toMatch(/1× a faultless instruction with liquidity was rejected; 2× rejected with the wrong reason code/)
  })

  it('replay: wrong reason codes (AM05 and RC01 swapped) are each found; C paying 100 from 0 is AM04 by the replay even unplanted', () => {
    const swapped = batch([GOOD[0]!, GOOD[1]!, (b) => b.reject(2, 'E0', 'RC01'), (b) => void b.seal(), (b) => b.reject(3, 'E3', 'AM05'), GOOD[5]!])
    expect(run(settlementOutcomes, swapped)).toMatchObject({ passed: true })
    expect(run(settlementReplay, swapped)).toMatchObject({ passed: false, figure: 3 / 5 })
  })

  it('conservation: a credit of 690 for a 700 debit is a discrepancy of 10', () => {
    const leaky = batch([...GOOD.slice(0, 5), (b) => b.settle(4, 'E4', [['B', -700, 100], ['C', 690, 690]])], [BALANCES[0]!, BALANCES[1]!, { ...BALANCES[2]!, closing: 690 }])
    const r = run(settlementConservation, leaky)
    expect(r.passed).toBe(false)
    expect(r.figure).toBeCloseTo(10, 9)
  })

  it('unique EndToEndId: settling the duplicate E0 fails', () => {
    const twice = batch([GOOD[0]!, GOOD[1]!, (b) => b.settle(2, 'E0', [['A', -300, 400], ['B', 300, 1100]]), ...GOOD.slice(3)])
    expect(run(settlementUniqueE2e, twice)).toMatchObject({ passed: false, figure: 1 })
  })

  it('hash chain: a rewritten entry, a forged root and a broken link are each found', () => {
    const tampered = batch()
    new Float64Array(tampered.entries.columns['amount']!.buffer)[3] = 650
    expect(run(settlementHashChain, tampered)).toMatchObject({ passed: false, figure: 1 })
    const forged = batch()
    forged.blocks[0] = { ...forged.blocks[0]!, merkleRoot: 'a'.repeat(64) }
    // Block 0's root no longer matches its outcomes, and its hash no longer covers its header.
    const r = run(settlementHashChain, forged)
    expect(r).toMatchObject({ passed: false, figure: 1 })
    expect(r.message).toMatch(/block 0: Merkle root aaaaaaaaaaaa… recomputes to .*; hash/)
    const unlinked = batch()
    unlinked.blocks[1] = { ...unlinked.blocks[1]!, prevHash: 'b'.repeat(64) }
    expect(run(settlementHashChain, unlinked).message).toMatch(/block 1: prevHash does not link/)
  })

  it('no reversal: undoing a settled transfer adds two offending entries', () => {
    const reversed = batch([(b) => b.settle(0, 'E0', [['A', -300, 700], ['B', 300, 800], ['B', -300, 500], ['A', 300, 1000]]), ...GOOD.slice(1)])
    expect(run(settlementNoReversal, reversed)).toMatchObject({ passed: false, figure: 2 })
  })
})
