import { generateDataset } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { nums, rateOf, strs } from './data-helpers.js'

/** Pearson correlation. */
function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let mx = 0
  let my = 0
  for (let i = 0; i < x.length; i++) (mx += x[i]!), (my += y[i]!)
  mx /= x.length
  my /= y.length
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx
    const dy = y[i]! - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxy / Math.sqrt(sxx * syy)
}

describe('credit-applicants', () => {
  const d = generateDataset({ kind: 'credit-applicants', rows: 100_000, seed: 9 })
  const t = d.evaluation
  const defaulted = nums(t, 'defaulted')
  const income = nums(t, 'income')
  const gender = strs(t, 'gender')
  const region = strs(t, 'region')

  it.each([0.067, 0.2, 0.3])('meets a base rate of %s within tolerance', (baseRate) => {
    const rate = rateOf(nums(generateDataset({ kind: 'credit-applicants', rows: 60_000, seed: 11, options: { baseRate } }).evaluation, 'defaulted'))
    expect(Math.abs(rate - baseRate)).toBeLessThan(Math.max(0.012, baseRate * 0.08))
  })

  it('defaults less as income rises', () => {
    const logIncome = Float64Array.from(income as Float64Array, Math.log)
    expect(correlation(logIncome, defaulted)).toBeLessThan(-0.1)
    expect(rateOf(defaulted, (i) => income[i]! < 50_000)).toBeGreaterThan(rateOf(defaulted, (i) => income[i]! > 120_000) + 0.08)
  })

  it('gives gender no effect on the label', () => {
    const female = rateOf(defaulted, (i) => gender(i) === 'female')
    const male = rateOf(defaulted, (i) => gender(i) === 'male')
    // Two binomial samples of ~50,000: a real effect of 1 point would show; noise stays well below.
    expect(Math.abs(female - male)).toBeLessThan(0.01)
  })

  it('lets region act only through income', () => {
    // Marginally, rural applicants default more (they earn less) ...
    expect(rateOf(defaulted, (i) => region(i) === 'rural')).toBeGreaterThan(rateOf(defaulted, (i) => region(i) === 'urban') + 0.03)
    // ... but at the same income, region makes no difference.
    for (const [lo, hi] of [[40_000, 60_000], [60_000, 90_000]] as const) {
      const band = (i: number) => income[i]! >= lo && income[i]! < hi
      const rural = rateOf(defaulted, (i) => band(i) && region(i) === 'rural')
      const urban = rateOf(defaulted, (i) => band(i) && region(i) === 'urban')
      expect(Math.abs(rural - urban), `${lo}..${hi}`).toBeLessThan(0.025)
    }
  })

  it('keeps the columns in plausible ranges', () => {
    const age = nums(t, 'age')
    const dti = nums(t, 'debtToIncome')
    const term = nums(t, 'termMonths')
    for (let i = 0; i < t.rows; i += 97) {
      expect(age[i]).toBeGreaterThanOrEqual(21)
      expect(age[i]).toBeLessThanOrEqual(75)
      expect(income[i]).toBeGreaterThan(0)
      expect(dti[i]).toBeGreaterThan(0)
      expect([12, 24, 36, 48, 60]).toContain(term[i])
    }
  })
})

describe('sme-loans', () => {
  const t = generateDataset({ kind: 'sme-loans', rows: 100_000, seed: 4 }).evaluation
  const defaulted = nums(t, 'defaulted')
  const turnover = nums(t, 'annualTurnover')
  const late = nums(t, 'lateInvoiceShare')
  const gender = strs(t, 'gender')

  it.each([0.05, 0.1, 0.176])('meets a base rate of %s within tolerance', (baseRate) => {
    const rate = rateOf(nums(generateDataset({ kind: 'sme-loans', rows: 60_000, seed: 12, options: { baseRate } }).evaluation, 'defaulted'))
    expect(Math.abs(rate - baseRate)).toBeLessThan(Math.max(0.01, baseRate * 0.08))
  })

  it('defaults more with late invoices and less with turnover; the owner’s gender has no effect', () => {
    expect(rateOf(defaulted, (i) => late[i]! > 0.2)).toBeGreaterThan(rateOf(defaulted, (i) => late[i]! < 0.05) + 0.03)
    expect(rateOf(defaulted, (i) => turnover[i]! < 500_000)).toBeGreaterThan(rateOf(defaulted, (i) => turnover[i]! > 3_000_000))
    expect(Math.abs(rateOf(defaulted, (i) => gender(i) === 'female') - rateOf(defaulted, (i) => gender(i) === 'male'))).toBeLessThan(0.01)
  })

  it('has every sector and sensible amounts', () => {
    expect(new Set(Array.from({ length: 2000 }, (_, i) => strs(t, 'sector')(i))).size).toBe(9)
    const requested = nums(t, 'requestedAmount')
    for (let i = 0; i < t.rows; i += 101) {
      expect(requested[i]).toBeGreaterThanOrEqual(10_000)
      expect(requested[i]).toBeLessThanOrEqual(3_000_000)
    }
  })
})
