/** The volatility model and the tail estimators, on series whose answers are known. */
import { createRandom } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { kupiec } from '../src/backtest.js'
import { filterVariance, fitGarch } from '../src/garch.js'
import { SortedWindow, filteredHistorical, lowerTail, normalQuantile } from '../src/simulation.js'

/** A GARCH(1,1) path with standard normal shocks. */
function simulate(n: number, omega: number, alpha: number, beta: number, seed: number): Float64Array {
  const random = createRandom(seed)
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
  const r = new Float64Array(n)
  let s2 = omega / (1 - alpha - beta)
  for (let t = 0; t < n; t++) {
    r[t] = Math.sqrt(s2) * normal()
    s2 = omega + alpha * r[t]! ** 2 + beta * s2
  }
  return r
}

describe('GARCH(1,1)', () => {
  it('recovers the parameters of a simulated path', () => {
    const r = simulate(8_000, 2e-6, 0.08, 0.9, 3)
    const fit = fitGarch(r, r.length)
    expect(fit.alpha).toBeGreaterThan(0.05)
    expect(fit.alpha).toBeLessThan(0.11)
    expect(fit.beta).toBeGreaterThan(0.86)
    expect(fit.beta).toBeLessThan(0.94)
    expect(Math.sqrt(fit.longRunVariance)).toBeCloseTo(Math.sqrt(2e-6 / 0.02), 3)
  })

  it('forecasts each day from the days before it only', () => {
    const r = Float64Array.of(0.01, -0.02, 0.03)
    const v = filterVariance({ omega: 1e-6, alpha: 0.1, beta: 0.8 }, r, 4e-4)
    expect(Array.from(v)).toEqual([4e-4, 1e-6 + 0.1 * 1e-4 + 0.8 * 4e-4, 1e-6 + 0.1 * 4e-4 + 0.8 * (1e-6 + 0.1 * 1e-4 + 0.8 * 4e-4)])
  })
})

describe('tails', () => {
  it('reads the (n + 1)·p-th smallest value (Hyndman–Fan type 6) and the mean at or below it', () => {
    const sorted = Float64Array.from({ length: 101 }, (_, i) => i - 50)
    // (101 + 1) · 0.05 = 5.1: the 5th smallest (−46) and a tenth of the way to the 6th.
    expect(lowerTail(sorted, 0.05).quantile).toBeCloseTo(-45.9, 12)
    expect(lowerTail(sorted, 0.05).mean).toBe(-48)
    expect(lowerTail(Float64Array.of(-3, -1, 0, 2), 0.5)).toEqual({ quantile: -0.5, mean: -2 })
    // Below the first order statistic: the smallest value.
    expect(lowerTail(Float64Array.of(-3, -1, 0, 2), 0.1)).toEqual({ quantile: -3, mean: -3 })
  })

  it('is exceeded with probability p by the next independent draw (type 7 would be exceeded 10 % more often)', () => {
    const random = createRandom(17)
    const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
    const r = Float64Array.from({ length: 301_000 }, normal)
    const f = filteredHistorical(r, new Float64Array(r.length).fill(1), 1_000, 1_000, 0.01)
    const rate = f.filter((x, i) => r[1_000 + i]! < -x.var).length / f.length
    // Standard error of the rate over 300,000 days: 0.00018; type 7's expected rate is 0.01098.
    expect(Math.abs(rate - 0.01)).toBeLessThan(0.0006)
  })

  it('keeps a sliding window sorted', () => {
    const random = createRandom(11)
    const w = new SortedWindow(50)
    const all: number[] = []
    for (let i = 0; i < 500; i++) {
      const x = Math.round(random.next() * 40) - 20 // with ties
      w.push(x)
      all.push(x)
      expect(Array.from(w.values)).toEqual(all.slice(-50).sort((a, b) => a - b))
    }
  })

  it('has about 1 % exceptions at 99 % on a GARCH path whose model it knows', () => {
    const r = simulate(21_000, 2e-6, 0.08, 0.9, 5)
    const v = filterVariance({ omega: 2e-6, alpha: 0.08, beta: 0.9 }, r, 1e-4)
    const f = filteredHistorical(r, v, 1_000, 1_000, 0.01)
    const exceptions = f.filter((x, i) => r[1_000 + i]! < -x.var).length
    expect(exceptions / f.length).toBeGreaterThan(0.007)
    expect(exceptions / f.length).toBeLessThan(0.013)
    expect(f.every((x) => x.es >= x.var)).toBe(true)
  })

  it('inverts the normal distribution and tests exceptions as Kupiec does', () => {
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6)
    expect(kupiec(1000, 10, 0.01)).toBeCloseTo(0, 12)
    expect(kupiec(500, 1, 0.01)).toBeGreaterThan(3.841)
    expect(kupiec(500, 2, 0.01)).toBeLessThan(3.841)
  })
})
