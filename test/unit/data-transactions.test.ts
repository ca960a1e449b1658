import { generateDataset } from '@bund/core'
import { REPORTING_THRESHOLDS, TYPOLOGIES } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { nums, rateOf, strs } from './data-helpers.js'

const CNY_PER: Record<string, number> = { CNY: 1, HKD: 0.91, SGD: 5.3, USD: 7.1, GBP: 9.0 }

describe('transactions', () => {
  // One partition, so that no planted pattern straddles the split.
  const d = generateDataset({ kind: 'transactions', rows: 200_000, seed: 21, options: { launderingRate: 0.004 } })
  const t = d.evaluation
  const laundering = nums(t, 'laundering')
  const typology = strs(t, 'typology')
  const from = nums(t, 'fromAccount')
  const to = nums(t, 'toAccount')
  const amount = nums(t, 'amount')
  const type = strs(t, 'type')
  const currency = strs(t, 'currency')
  const truth = d.probabilities!
  /** Rows of one typology (planted legs only with `planted`; the untraceable ones are ordinary rows). */
  const rowsOf = (name: string, planted = false) => Array.from({ length: t.rows }, (_, i) => i).filter((i) => typology(i) === name && (!planted || truth[i] === 1))

  it('meets the default laundering base rate of 0.1% and a configured one', () => {
    const base = generateDataset({ kind: 'transactions', rows: 500_000, seed: 3 })
    const all = nums(base.evaluation, 'laundering')
    expect(rateOf(all)).toBeGreaterThan(0.0009)
    expect(rateOf(all)).toBeLessThan(0.0011)
    expect(Math.abs(rateOf(laundering) - 0.004)).toBeLessThan(0.0006)
  })

  it('labels laundering exactly where a typology is planted', () => {
    for (let i = 0; i < t.rows; i++) if ((laundering[i] === 1) !== (typology(i) !== 'none')) throw new Error(`row ${i}: laundering ${laundering[i]} typology ${typology(i)}`)
  })

  it.each(TYPOLOGIES)('has %s present and labelled', (name) => {
    expect(rowsOf(name).length).toBeGreaterThanOrEqual(3)
  })

  it('makes about a tenth of the laundering untraceable: layering legs drawn as ordinary rows, at a known probability', () => {
    let planted = 0
    let untraceable = 0
    for (let i = 0; i < t.rows; i++) {
      if (truth[i] === 1) {
        expect(laundering[i]).toBe(1)
        planted++
      } else {
        expect(truth[i]).toBeCloseTo(0.004 * 0.1, 12)
        if (laundering[i] === 1) {
          untraceable++
          expect(typology(i)).not.toBe('structuring')
        }
      }
    }
    const share = untraceable / (planted + untraceable)
    expect(share).toBeGreaterThan(0.07)
    expect(share).toBeLessThan(0.13)
  })

  it('plants the typologies with their shapes', () => {
    const count = <K>(keys: K[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<K, number>())
    const maxOf = (m: Map<unknown, number>) => Math.max(...m.values())
    // Fan-out: one account pays many; fan-in: many pay one.
    expect(maxOf(count(rowsOf('fan-out', true).map((i) => from[i])))).toBeGreaterThanOrEqual(5)
    expect(maxOf(count(rowsOf('fan-in', true).map((i) => to[i])))).toBeGreaterThanOrEqual(5)
    // Cycle: every account in a ring sends as often as it receives.
    const cycle = rowsOf('cycle', true)
    const out = count(cycle.map((i) => from[i]))
    const inn = count(cycle.map((i) => to[i]))
    for (const [account, n] of out) expect(inn.get(account), `account ${account}`).toBe(n)
    // Scatter-gather and gather-scatter: money goes in and out of intermediaries.
    for (const name of ['scatter-gather', 'gather-scatter']) {
      const rows = rowsOf(name, true)
      const senders = new Set(rows.map((i) => from[i]))
      expect(rows.some((i) => senders.has(to[i]!)), name).toBe(true)
    }
    // Structuring: every amount just below its reporting threshold.
    for (const i of rowsOf('structuring')) {
      if (type(i) === 'cash-in') {
        expect(amount[i]).toBeLessThan(REPORTING_THRESHOLDS.cashCny)
        expect(amount[i]).toBeGreaterThanOrEqual(REPORTING_THRESHOLDS.cashCny * 0.8)
      } else {
        expect(type(i)).toBe('cross-border')
        expect(currency(i)).toBe('USD')
        expect(amount[i]).toBeLessThan(REPORTING_THRESHOLDS.personCrossBorderUsd)
        expect(amount[i]).toBeGreaterThanOrEqual(REPORTING_THRESHOLDS.personCrossBorderUsd * 0.8)
      }
    }
  })

  it('keeps balances consistent: the customer’s balance moves by the amount and never goes negative', () => {
    const before = nums(t, 'balanceBefore')
    const after = nums(t, 'balanceAfter')
    for (let i = 0; i < t.rows; i++) {
      const cny = amount[i]! * CNY_PER[currency(i)]!
      const delta = type(i) === 'cash-in' ? cny : -cny
      if (Math.abs(after[i]! - (before[i]! + delta)) > 0.02) throw new Error(`row ${i}: ${before[i]} + ${delta} != ${after[i]}`)
      if (after[i]! < -0.005) throw new Error(`row ${i}: negative balance ${after[i]}`)
    }
  })

  it('is in time order, training before evaluation, within the period before 2026-01-01', () => {
    const end = Date.UTC(2026, 0, 1)
    const split = generateDataset({ kind: 'transactions', rows: 30_000, trainingRows: 10_000, seed: 21 })
    const ts = nums(split.evaluation, 'timestamp')
    const training = nums(split.training, 'timestamp')
    expect(training[training.length - 1]).toBeLessThanOrEqual(ts[0]!)
    expect(training[0]).toBeGreaterThanOrEqual(end - 30 * 86_400_000)
    for (let i = 1; i < ts.length; i++) if (ts[i]! < ts[i - 1]!) throw new Error(`row ${i} is earlier than row ${i - 1}`)
    expect(ts[ts.length - 1]).toBeLessThan(end)
  })

  it('has cash on one side only, and cross-border payments go abroad', () => {
    const toCountry = strs(t, 'toCountry')
    for (let i = 0; i < t.rows; i++) {
      const kind = type(i)
      if (kind === 'cash-in' && from[i] !== 0) throw new Error(`row ${i}: cash-in from an account`)
      if (kind === 'cash-out' && to[i] !== 0) throw new Error(`row ${i}: cash-out to an account`)
      if (kind === 'cross-border' && toCountry(i) === 'CN') throw new Error(`row ${i}: cross-border payment stays in CN`)
    }
    expect(rateOf(Uint8Array.from({ length: t.rows }, (_, i) => (strs(t, 'fromEntity')(i) === 'company' ? 1 : 0)))).toBeGreaterThan(0.05)
  })
})
