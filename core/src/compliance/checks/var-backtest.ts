import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { backtestSeries, type SeriesBacktest } from '../market-join.js'
import { baselParams } from './market-forecasts.js'
import { say } from '../verdict-text.js'

const xlogy = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(y))

/**
 * Kupiec's proportion-of-failures likelihood ratio (Kupiec 1995) for x exceptions in n days at
 * expected exception rate p: LR = −2[(n−x)ln(1−p) + x ln p] + 2[(n−x)ln(1−x/n) + x ln(x/n)],
 * χ²(1) under the null that the VaR model is right.
 */
export function kupiecPof(n: number, x: number, p: number): number {
  const observed = x / n
  // The statistic is ≥ 0; rounding can leave −1e-15 when x/n equals p.
  return Math.max(0, -2 * (xlogy(n - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(n - x, 1 - observed) + xlogy(x, observed)))
}

/** P(χ²(1) > lr) = erfc(√(lr/2)), with the erfc approximation of Numerical Recipes (error < 1.2e-7). */
export function chiSquare1PValue(lr: number): number {
  const z = Math.sqrt(Math.max(lr, 0) / 2)
  const t = 1 / (1 + 0.5 * z)
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  return t * Math.exp(poly)
}

/**
 * Basel traffic-light zones for n days at exception probability p: green while the binomial
 * probability of at most x exceptions is below 95 %, red once it reaches 99.99 % (BCBS 1996, MAR32).
 */
export function zoneLimits(n: number, p: number): { greenMax: number; yellowMax: number } {
  let cdf = 0
  let logTerm = n * Math.log(1 - p)
  let greenMax = -1
  for (let k = 0; k <= n; k++) {
    cdf += Math.exp(logTerm)
    if (cdf < 0.95) greenMax = k
    if (cdf >= 0.9999) return { greenMax, yellowMax: k - 1 }
    logTerm += Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p))
  }
  return { greenMax, yellowMax: n }
}

/** The zone of x exceptions in n days at exception probability p. */
export function trafficLight(n: number, x: number, p: number): 'green' | 'yellow' | 'red' {
  const { greenMax, yellowMax } = zoneLimits(n, p)
  return x <= greenMax ? 'green' : x <= yellowMax ? 'yellow' : 'red'
}

/** Days in [from, to) of a series whose realised loss exceeds the VaR. */
export function exceptionsIn(s: SeriesBacktest, from: number, to: number): number {
  let x = 0
  for (let i = from; i < to; i++) if (s.realised[i]! < -s.var[i]!) x++
  return x
}

/**
 * VaR backtest at the pack's confidence (99 %), whatever the output declares: per series, an
 * exception is a day whose realised P&L (recomputed by the host) is a loss larger than the VaR;
 * Kupiec's POF statistic over every evaluation day (at least the 250-day window) tests the
 * exception rate against 1 − confidence. Fails when any series' statistic exceeds the χ²(1)
 * critical value (3.841 at 95 %). Figure: the largest LR. Evidence: each series' exceptions and
 * traffic-light zone over its last window.
 */
export const varBacktest = defineCheck({
  name: 'var-backtest',
  description: "VaR exceptions per series at the pack's confidence, with Kupiec's proportion-of-failures test.",
  kinds: ['market-risk'],
  params: z.object({ confidence: baselParams.confidence, windowDays: baselParams.windowDays, critical: z.number().positive().default(3.841) }).strict(),
  evaluate(input, params) {
    const p = 1 - params.confidence
    const all = backtestSeries(input)
    const short = all.find((s) => s.days.length < params.windowDays)
    if (short !== undefined) throw new NotEvaluable(say('seriesTooShort', { series: short.series, days: short.days.length, window: params.windowDays }))
    let worst = { series: '', lr: Number.NEGATIVE_INFINITY }
    const series = all.map((s) => {
      const n = s.days.length
      const exceptions = exceptionsIn(s, 0, n)
      const lr = kupiecPof(n, exceptions, p)
      if (lr > worst.lr) worst = { series: s.series, lr }
      const last = exceptionsIn(s, n - params.windowDays, n)
      return { series: s.series, days: n, exceptions, expected: n * p, kupiecLR: lr, pValue: chiSquare1PValue(lr), lastWindowExceptions: last, trafficLight: trafficLight(params.windowDays, last, p) }
    })
    const passed = worst.lr <= params.critical
    const w = series.find((s) => s.series === worst.series)!
    return {
      passed,
      figure: worst.lr,
      threshold: params.critical,
      ...say('varBacktest', { series: w.series, exceptions: w.exceptions, days: w.days, expected: w.expected, confidence: params.confidence, lr: w.kupiecLR, critical: params.critical, pValue: w.pValue }),
      evidence: { confidence: params.confidence, series },
    }
  },
})
