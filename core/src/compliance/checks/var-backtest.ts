import type { MarketRisk } from '@bund/sdk'
import { z } from 'zod'
import { quote } from '../../quote.js'
import { defineCheck } from '../check.js'
import { backtestSeries } from '../market-join.js'

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

/** Basel traffic-light zone: the binomial probability of at most x exceptions below 95 % is green, below 99.99 % yellow. */
export function trafficLight(n: number, x: number, p: number): 'green' | 'yellow' | 'red' {
  let cdf = 0
  let logTerm = n * Math.log(1 - p)
  for (let k = 0; k <= x; k++) {
    cdf += Math.exp(logTerm)
    logTerm += Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p))
  }
  return cdf < 0.95 ? 'green' : cdf < 0.9999 ? 'yellow' : 'red'
}

/**
 * VaR backtest: per series, an exception is a day whose realised P&L (recomputed by the host) is a
 * loss larger than the VaR forecast; Kupiec's POF statistic tests the exception rate against
 * 1 − confidence. Fails when any series' statistic exceeds the χ²(1) critical value (3.841 at 95 %),
 * when a day is missing, or when the stated P&L is not the realised one. Figure: the largest LR.
 */
export const varBacktest = defineCheck({
  name: 'var-backtest',
  description: "VaR exceptions per series against the forecast confidence, with Kupiec's proportion-of-failures test.",
  kinds: ['market-risk'],
  params: z.object({ critical: z.number().positive().default(3.841), minDays: z.number().int().min(1).default(60) }).strict(),
  evaluate(input, params) {
    const p = 1 - (input.output as MarketRisk).confidence
    let worst = { series: '', lr: Number.NEGATIVE_INFINITY }
    let problems = 0
    const series = backtestSeries(input).map((s) => {
      let exceptions = 0
      for (let i = 0; i < s.days.length; i++) if (s.realised[i]! < -s.var[i]! || !Number.isFinite(s.var[i]!)) exceptions++
      const n = s.days.length
      const lr = kupiecPof(n, exceptions, p)
      if (lr > worst.lr) worst = { series: s.series, lr }
      if (s.misstated > 0 || s.missingDays > 0 || n < params.minDays) problems++
      return {
        series: s.series,
        days: n,
        exceptions,
        expected: n * p,
        kupiecLR: lr,
        pValue: chiSquare1PValue(lr),
        trafficLight: trafficLight(n, exceptions, p),
        missingDays: s.missingDays,
        misstatedPnl: s.misstated,
      }
    })
    const passed = worst.lr <= params.critical && problems === 0
    const w = series.find((s) => s.series === worst.series)!
    return {
      passed,
      figure: worst.lr,
      threshold: params.critical,
      message:
        problems > 0
          ? `${problems} series cannot be backtested as stated (missing days, misstated P&L or fewer than ${params.minDays} days)`
          : `worst series ${quote(w.series)}: ${w.exceptions} exceptions in ${w.days} days (expected ${w.expected.toFixed(1)}), Kupiec LR ${w.kupiecLR.toFixed(3)} ${passed ? '≤' : '>'} ${params.critical} (p = ${w.pValue.toFixed(3)}, ${w.trafficLight})`,
      evidence: { confidence: 1 - p, series },
    }
  },
})
