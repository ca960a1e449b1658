import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { lowerBound } from '../lower-bound.js'
import { backtestSeries, marketView } from '../market-join.js'
import { baselParams } from './market-forecasts.js'
import { say } from '../verdict-text.js'

/** The quantile (tick) loss of forecasting the p-quantile q when y happened: (y − q)(p − 1{y < q}), never negative. */
export function quantileLoss(y: number, q: number, p: number): number {
  return (y - q) * (p - (y < q ? 1 : 0))
}

/**
 * The p-quantile of a sample read as Hyndman & Fan's type 6, the (n + 1)·p-th smallest value
 * (interpolated), which the next draw from the same distribution falls below with probability p.
 */
export function sampleQuantile(sorted: ArrayLike<number>, p: number): number {
  const h = Math.max(0, (sorted.length + 1) * p - 1)
  const lo = Math.min(Math.floor(h), sorted.length - 1)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

/**
 * Diebold & Mariano's (1995) statistic for "the first forecasts are no worse than the second" from
 * the daily loss differences d: mean(d) over its standard error, the variance by Newey & West
 * (1987) with Bartlett weights and lag ⌊4·(n/100)^(2/9)⌋, as losses of overlapping days correlate.
 * Large and positive: the first are worse. 0 when the losses never differ.
 */
export function dieboldMariano(d: ArrayLike<number>): number {
  const n = d.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += d[i]!
  mean /= n
  const lags = Math.min(n - 1, Math.floor(4 * (n / 100) ** (2 / 9)))
  let variance = 0
  for (let k = 0; k <= lags; k++) {
    let gamma = 0
    for (let i = k; i < n; i++) gamma += (d[i]! - mean) * (d[i - k]! - mean)
    gamma /= n
    variance += (k === 0 ? 1 : 2 * (1 - k / (lags + 1))) * gamma
  }
  return variance > 0 ? mean / Math.sqrt(variance / n) : 0
}

/**
 * A VaR is a forecast of the P&L's 1 % quantile, so it is scored as one: the mean quantile loss
 * over the backtested days — the scoring function the true quantile minimises (Gneiting 2011,
 * Making and evaluating point forecasts, JASA 106) — against the simplest model Basel accepts, the
 * host's own historical simulation over the previous 250 days of the same series' P&L. An exception
 * count can be met by a useless forecast (far too high on most days, near zero on a few); its
 * quantile loss cannot. Fails when the scenario's forecasts are worse than the benchmark's by
 * Diebold and Mariano's test at the 1 % level (statistic > 2.326; Giacomini & Komunjer 2005 on
 * comparing quantile forecasts). Figure: the largest statistic over the series.
 */
export const quantileScore = defineCheck({
  name: 'quantile-score',
  description: "VaR forecasts scored by the quantile loss against the host's 250-day historical simulation (Diebold–Mariano).",
  kinds: ['market-risk'],
  params: z.object({ confidence: baselParams.confidence, windowDays: baselParams.windowDays, critical: z.number().positive().default(2.326) }).strict(),
  evaluate(input, params) {
    const p = 1 - params.confidence
    const view = marketView(input)
    let worst: { series: string; loss: number; benchmark: number; ratio: number; statistic: number; days: number } | undefined
    const series = backtestSeries(input).map((s) => {
      const history = view.historyBefore(s.series, s.days[0]!)
      const pnl = [...history, ...s.realised]
      const window: number[] = pnl.slice(Math.max(0, history.length - params.windowDays), history.length).sort((a, b) => a - b)
      const d: number[] = []
      let loss = 0
      let benchmark = 0
      for (let i = 0; i < s.days.length; i++) {
        const at = history.length + i
        if (window.length >= params.windowDays) {
          const y = s.realised[i]!
          const ls = quantileLoss(y, -s.var[i]!, p)
          const lb = quantileLoss(y, sampleQuantile(window, p), p)
          loss += ls
          benchmark += lb
          d.push(ls - lb)
        }
        // Slide the benchmark's window over this day's P&L.
        if (window.length >= params.windowDays) window.splice(lowerBound(window, pnl[at - params.windowDays]!), 1)
        window.splice(lowerBound(window, pnl[at]!), 0, pnl[at]!)
      }
      if (d.length < params.windowDays) throw new NotEvaluable(say('quantileScoreNoHistory', { series: s.series, days: history.length, window: params.windowDays }))
      const statistic = dieboldMariano(d)
      const row = { series: s.series, days: d.length, loss: loss / d.length, benchmark: benchmark / d.length, ratio: benchmark > 0 ? loss / benchmark : 1, statistic }
      if (worst === undefined || statistic > worst.statistic) worst = row
      return row
    })
    const w = worst!
    return {
      passed: w.statistic <= params.critical,
      figure: w.statistic,
      threshold: params.critical,
      ...say('quantileScore', { series: w.series, loss: w.loss, benchmark: w.benchmark, ratio: w.ratio, statistic: w.statistic, critical: params.critical, window: params.windowDays }),
      evidence: { confidence: params.confidence, benchmark: `historical simulation over the previous ${params.windowDays} days`, series },
    }
  },
})
