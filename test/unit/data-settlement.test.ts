import { generateDataset } from '@bund/core'
import type { TableData } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { nums, strs } from './data-helpers.js'

/** Settles a partition by the documented rule and returns each instruction's outcome. */
function settle(instructions: TableData, participants: TableData): string[] {
  const bic = strs(participants, 'bic')
  const opening = nums(participants, 'openingBalance')
  const balance = new Map<string, number>()
  for (let p = 0; p < participants.rows; p++) balance.set(bic(p), opening[p]!)
  const seq = nums(instructions, 'seq')
  const e2e = strs(instructions, 'endToEndId')
  const amount = nums(instructions, 'amount')
  const debtor = strs(instructions, 'debtorAgent')
  const creditor = strs(instructions, 'creditorAgent')
  const order = Array.from({ length: instructions.rows }, (_, i) => i).sort((a, b) => seq[a]! - seq[b]!)
  const used = new Set<string>()
  const outcome: string[] = []
  for (const i of order) {
    const d = debtor(i)
    const c = creditor(i)
    if (!balance.has(d) || !balance.has(c)) outcome[i] = 'unknown-participant'
    else if (used.has(e2e(i))) outcome[i] = 'duplicate-e2e'
    else if (amount[i]! > balance.get(d)!) outcome[i] = 'insufficient-funds'
    else {
      balance.set(d, balance.get(d)! - amount[i]!)
      balance.set(c, balance.get(c)! + amount[i]!)
      outcome[i] = 'none'
    }
    used.add(e2e(i))
  }
  return outcome
}

describe('settlement-instructions', () => {
  const d = generateDataset({ kind: 'settlement-instructions', rows: 40_000, trainingRows: 5_000, seed: 17 })
  const participants = d.companions!['participants']!

  it.each(['training', 'evaluation'] as const)('labels each %s instruction with what the documented settlement rule does to it', (part) => {
    const t = d[part]
    const planted = strs(t, 'planted')
    const outcome = settle(t, participants)
    for (let i = 0; i < t.rows; i++) if (outcome[i] !== planted(i)) throw new Error(`row ${i}: planted ${planted(i)}, settles as ${outcome[i]}`)
  })

  it('plants the configured shares to be rejected', () => {
    const planted = strs(d.evaluation, 'planted')
    const share = (label: string) => Array.from({ length: d.evaluation.rows }, (_, i) => planted(i)).filter((p) => p === label).length / d.evaluation.rows
    expect(share('insufficient-funds')).toBeCloseTo(0.03, 2)
    expect(share('duplicate-e2e')).toBeCloseTo(0.01, 2)
    expect(share('unknown-participant')).toBeCloseTo(0.01, 2)
    const rejected = 1 - share('none')
    expect(rejected).toBeGreaterThan(0.045)
    expect(rejected).toBeLessThan(0.055)

    const custom = generateDataset({ kind: 'settlement-instructions', rows: 20_000, seed: 2, options: { insufficientFundsRate: 0.1, duplicateRate: 0, unknownParticipantRate: 0.05, participants: 5 } })
    const p = strs(custom.evaluation, 'planted')
    const labels = Array.from({ length: custom.evaluation.rows }, (_, i) => p(i))
    expect(labels.filter((l) => l === 'insufficient-funds').length / labels.length).toBeCloseTo(0.1, 2)
    expect(labels.filter((l) => l === 'duplicate-e2e').length).toBe(0)
    expect(custom.companions!['participants']!.rows).toBe(5)
  })

  it('draws a failing instruction’s amount as any other’s: its size does not give the fault away', () => {
    const planted = strs(d.evaluation, 'planted')
    const amount = nums(d.evaluation, 'amount')
    const of = (label: string) => Float64Array.from(Array.from({ length: d.evaluation.rows }, (_, i) => i).filter((i) => planted(i) === label), (i) => amount[i]!).sort()
    const faults = of('insufficient-funds')
    const settled = of('none')
    const median = (a: Float64Array) => a[Math.floor(a.length / 2)]!
    // Once a fault needed 1.05–2.55× a whole participant's balance: billions against a 0.49M median.
    expect(median(faults) / median(settled)).toBeGreaterThan(0.7)
    expect(median(faults) / median(settled)).toBeLessThan(1.6)
    // Mann–Whitney AUC of the amount as a detector of insufficient funds (0.5: no better than chance).
    let j = 0
    let below = 0
    for (const x of faults) {
      while (j < settled.length && settled[j]! < x) j++
      below += j
    }
    const auc = below / faults.length / settled.length
    expect(auc).toBeGreaterThan(0.45)
    expect(auc).toBeLessThan(0.62)
    // Faults come from thin-liquidity participants, which also send a share of what settles.
    const debtor = strs(d.evaluation, 'debtorAgent')
    const opening = new Map(Array.from({ length: participants.rows }, (_, k) => [strs(participants, 'bic')(k), nums(participants, 'openingBalance')[k]!]))
    const thin = (i: number) => opening.get(debtor(i))! < 5_000_000
    const settledRows = Array.from({ length: d.evaluation.rows }, (_, i) => i).filter((i) => planted(i) === 'none')
    expect(settledRows.filter(thin).length / settledRows.length).toBeGreaterThan(0.1)
  })

  it('numbers each partition’s queue from 0, on its own value date, in CNY', () => {
    for (const t of [d.training, d.evaluation]) {
      const seq = nums(t, 'seq')
      for (let i = 0; i < t.rows; i++) expect(seq[i]).toBe(i)
      expect(new Set(Array.from({ length: t.rows }, (_, i) => strs(t, 'valueDate')(i))).size).toBe(1)
    }
    expect(strs(d.training, 'valueDate')(0)).toBe('2025-12-30')
    expect(strs(d.evaluation, 'valueDate')(0)).toBe('2025-12-31')
    expect(d.evaluation.columns['currency']!.dictionary).toEqual(['CNY'])
  })

  it('has participants with BICs, names and positive opening balances; MsgIds are unique', () => {
    const bic = strs(participants, 'bic')
    const opening = nums(participants, 'openingBalance')
    for (let p = 0; p < participants.rows; p++) {
      expect(bic(p)).toMatch(/^[A-Z]{6}[A-Z0-9]{2}XXX$/)
      expect(opening[p]).toBeGreaterThan(0)
    }
    const msg = strs(d.evaluation, 'msgId')
    expect(new Set(Array.from({ length: d.evaluation.rows }, (_, i) => msg(i))).size).toBe(d.evaluation.rows)
  })
})
