import { anotherFutureDataset, anotherFutureFrom, generateDataset } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { nums, strs } from './data-helpers.js'

describe('market-series', () => {
  const d = generateDataset({ kind: 'market-series', rows: 6 * 3000, trainingRows: 6 * 1000 + 1, seed: 5 })
  const t = d.evaluation

  it('holds whole days of every instrument; training is the earlier days', () => {
    expect(d.training.rows).toBe(6 * 1001) // 6,001 rows round up to 1,001 days
    expect(t.rows).toBe(6 * 3000)
    const lastTraining = nums(d.training, 'day')[d.training.rows - 1]!
    expect(nums(t, 'day')[0]).toBe(lastTraining + 1)
    const instrument = strs(t, 'instrument')
    expect(Array.from({ length: 6 }, (_, k) => instrument(k))).toEqual(['EQUITY-INDEX', 'BANK-SHARE', 'TECH-SHARE', 'GOV-BOND-10Y', 'FX-USDCNY', 'GOLD'])
    const date = strs(t, 'date')
    expect(date(t.rows - 1)).toBe('2025-12-31')
    for (let i = 6; i < t.rows; i += 6) {
      expect(date(i) > date(i - 6)).toBe(true)
      const weekday = new Date(`${date(i)}T00:00:00Z`).getUTCDay()
      if (weekday === 0 || weekday === 6) throw new Error(`${date(i)} is a weekend`)
    }
  })

  it('gives log returns that match the prices', () => {
    const price = nums(t, 'price')
    const r = nums(t, 'logReturn')
    for (let i = 6; i < t.rows; i++) expect(Math.abs(r[i]! - Math.log(price[i]! / price[i - 6]!))).toBeLessThan(1e-12)
  })

  it('is more volatile in the stressed regime and on jump days', () => {
    const r = nums(t, 'logReturn')
    const regime = nums(t, 'regime')
    const jump = nums(t, 'jump')
    const instrument = strs(t, 'instrument')
    const rms = (pick: (i: number) => boolean) => {
      let s = 0
      let n = 0
      for (let i = 6; i < t.rows; i++) if (instrument(i) === 'EQUITY-INDEX' && pick(i)) (s += r[i]! ** 2), n++
      return Math.sqrt(s / n)
    }
    const stressedShare = Array.from(regime).reduce((a, b) => a + b, 0) / t.rows
    expect(stressedShare).toBeGreaterThan(0.08)
    expect(stressedShare).toBeLessThan(0.4)
    expect(rms((i) => regime[i] === 1 && jump[i] === 0)).toBeGreaterThan(1.6 * rms((i) => regime[i] === 0 && jump[i] === 0))
    expect(rms((i) => jump[i] === 1)).toBeGreaterThan(rms((i) => jump[i] === 0))
    // Calm daily volatility of the index near 22% a year.
    expect(rms((i) => regime[i] === 0 && jump[i] === 0) * Math.sqrt(252)).toBeCloseTo(0.22, 1)
  })

  it('takes the number of instruments as an option', () => {
    const two = generateDataset({ kind: 'market-series', rows: 5, seed: 1, options: { instruments: 2 } })
    expect(two.evaluation.rows).toBe(6)
    expect(two.evaluation.columns['instrument']!.dictionary).toEqual(['EQUITY-INDEX', 'BANK-SHARE'])
  })

  it('keeps every instrument valid over 1,000,000 rows: no price floor, no run of zero returns, daily moves within each market\'s limit', () => {
    const big = generateDataset({ kind: 'market-series', rows: 1_000_000, seed: 1, options: { instruments: 8 } }).evaluation
    const price = nums(big, 'price')
    const instrument = strs(big, 'instrument')
    // Limits: exchange price limits for shares (10 %, STAR 20 %), the 2 % USD/CNY band, bonds' few per cent.
    const limit: Record<string, number> = { 'EQUITY-INDEX': 0.1, 'BANK-SHARE': 0.1, 'TECH-SHARE': 0.2, 'GOV-BOND-10Y': 0.06, 'FX-USDCNY': 0.02, GOLD: 0.1, 'CORP-BOND-INDEX': 0.06, 'PROPERTY-SHARE': 0.1 }
    const stats = new Map<string, { zero: number; n: number; worst: number }>()
    for (let i = 8; i < big.rows; i++) {
      const r = price[i]! / price[i - 8]! - 1
      const s = stats.get(instrument(i)) ?? { zero: 0, n: 0, worst: 0 }
      s.n++
      if (r === 0) s.zero++
      s.worst = Math.max(s.worst, Math.abs(r))
      stats.set(instrument(i), s)
    }
    expect(Array.from(price).every((p) => p > 0)).toBe(true)
    expect([...stats.keys()].sort()).toEqual(Object.keys(limit).sort())
    for (const [name, s] of stats) {
      expect(s.zero / s.n, name).toBeLessThan(0.001)
      // Prices are quoted to six significant digits, so a move can pass the limit by a tick.
      expect(s.worst, name).toBeLessThanOrEqual(limit[name]! + 1e-5)
    }
  })
})


describe('market-series: another future (the walk-forward probe)', () => {
  const key = 'c0ffee0000000000000000000000000000000000000000000000000000000001'
  const main = generateDataset({ kind: 'market-series', rows: 6 * 500, trainingRows: 6 * 300, seed: key })
  const other = anotherFutureDataset(main)
  const from = anotherFutureFrom(main)

  it('forks on an evaluation day drawn from the key: the same past, another path from that day on', () => {
    const day = nums(main.evaluation, 'day')
    expect(from).toBeGreaterThanOrEqual(day[0]!)
    expect(from).toBeLessThanOrEqual(day[day.length - 1]!)
    expect(anotherFutureFrom(generateDataset({ kind: 'market-series', rows: 6 * 500, trainingRows: 6 * 300, seed: key.replace(/1$/, '2') }))).not.toBe(from)
    expect(Buffer.from(other.training.columns['price']!.buffer).equals(Buffer.from(main.training.columns['price']!.buffer))).toBe(true)
    const [a, b] = [nums(main.evaluation, 'price'), nums(other.evaluation, 'price')]
    const firstChanged = Array.from(a).findIndex((x, i) => x !== b[i])
    expect(nums(main.evaluation, 'day')[firstChanged]).toBe(from)
  })

  it('looks like the main run: the same rows, days, dates and instruments', () => {
    expect(other.evaluation.rows).toBe(main.evaluation.rows)
    for (const name of ['day', 'date', 'instrument']) {
      expect(Buffer.from(other.evaluation.columns[name]!.buffer).equals(Buffer.from(main.evaluation.columns[name]!.buffer))).toBe(true)
    }
  })
})
