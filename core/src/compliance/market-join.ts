/**
 * The host's view of a market-risk output: forecasts grouped by series, each day's realised P&L
 * recomputed from the host's own prices, and every way the forecasts fail to be backtestable.
 *
 * Realised P&L is the simple return P_t / P_{t−1} − 1, and a portfolio's is Σ wᵢ·Rᵢ over its
 * instruments' simple returns: a portfolio's value is the sum of its holdings, so its return is the
 * value-weighted sum of simple returns exactly, whereas log returns do not add across assets (the
 * weighted sum of log returns understates every loss, most in the tail a VaR is about).
 */
import type { MarketRisk } from '@bund/sdk'
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { categorical, datasetOf, numeric } from './tables.js'
import type { TableData } from '@bund/sdk'
import { type Said, say } from './verdict-text.js'

/** One series' forecasts, one per day in day order, with the P&L the host computed. */
export interface SeriesBacktest {
  series: string
  days: number[]
  var: number[]
  es: number[]
  /** Realised P&L (a simple return) from the host's prices. */
  realised: number[]
}

/** What makes forecasts unfit to backtest; each count is of forecast rows unless said otherwise. */
export interface MarketFaults {
  /** Rows repeating a (series, day) that already has a forecast. */
  duplicateRows: number
  /** VaR not a finite number ≥ 0. */
  invalidVar: number
  /** ES not a finite number ≥ the VaR of its row. */
  invalidEs: number
  /** Stated P&L differing from the host's realised P&L. */
  misstatedPnl: number
  /** (series, evaluation day) pairs with no forecast. */
  missingDays: number
  /** Portfolios whose weights are empty, all zero, non-finite or name no instrument of the data. */
  badPortfolios: string[]
}

export interface MarketView {
  series: SeriesBacktest[]
  faults: MarketFaults
  /** Number of faults in all; 0 when the forecasts can be backtested. */
  faultCount: number
  /** A series' realised P&L on each day before `day` that has one (both partitions), oldest first. */
  historyBefore(series: string, day: number): number[]
}

const views = new WeakMap<object, { datasets: CheckInput['datasets']; view: MarketView }>()

/** Each instrument's simple return by day, from consecutive prices over both partitions; every day, oldest first. */
function simpleReturns(tables: readonly TableData[]): { returns: Map<string, Map<number, number>>; days: number[]; evaluationDays: number[] } {
  const prices = new Map<string, Map<number, number>>()
  for (const t of tables) {
    if (t.rows === 0) continue
    const day = numeric(t, 'day', 'u32', 'the market data')
    const instrument = categorical(t, 'instrument', 'the market data')
    const price = numeric(t, 'price', 'f64', 'the market data')
    for (let r = 0; r < t.rows; r++) {
      const name = instrument.dictionary[instrument.codes[r]!]!
      let m = prices.get(name)
      if (m === undefined) prices.set(name, (m = new Map()))
      m.set(day[r]!, price[r]!)
    }
  }
  const evaluation = tables[tables.length - 1]!
  const evaluationDays = [...new Set(numeric(evaluation, 'day', 'u32', 'the market data'))].sort((a, b) => a - b)
  const days = [...new Set(tables.flatMap((t) => (t.rows === 0 ? [] : [...numeric(t, 'day', 'u32', 'the market data')])))].sort((a, b) => a - b)
  const returns = new Map<string, Map<number, number>>()
  for (const [name, byDay] of prices) {
    const m = new Map<number, number>()
    for (const d of days) {
      const now = byDay.get(d)
      const before = byDay.get(d - 1)
      if (now !== undefined && before !== undefined && before > 0) m.set(d, now / before - 1)
    }
    returns.set(name, m)
  }
  return { returns, days, evaluationDays }
}

/** Groups the forecasts by series, recomputes each day's realised P&L and counts the faults. */
export function marketView(input: CheckInput): MarketView {
  const output = input.output as MarketRisk
  const cached = views.get(output)
  if (cached !== undefined && cached.datasets === input.datasets) return cached.view
  const data = datasetOf(input, 'market-series')
  const { returns, days: allDays, evaluationDays } = simpleReturns([data.training, data.evaluation])
  const faults: MarketFaults = { duplicateRows: 0, invalidVar: 0, invalidEs: 0, misstatedPnl: 0, missingDays: 0, badPortfolios: [] }
  const portfolios = output.portfolios ?? {}
  for (const [name, weights] of Object.entries(portfolios)) {
    const entries = Object.entries(weights)
    if (entries.length === 0 || entries.every(([, w]) => w === 0) || entries.some(([i, w]) => !Number.isFinite(w) || !returns.has(i))) faults.badPortfolios.push(name)
  }
  const bad = new Set(faults.badPortfolios)
  const realisedOf = (series: string, day: number): number => {
    if (bad.has(series)) return Number.NaN
    const weights = Object.hasOwn(portfolios, series) ? portfolios[series] : undefined
    if (weights === undefined) {
      const value = returns.get(series)?.get(day)
      if (value === undefined) throw new NotEvaluable(say('seriesUnknown', { series, day }))
      return value
    }
    let sum = 0
    for (const [name, w] of Object.entries(weights)) {
      if (w === 0) continue
      const value = returns.get(name)?.get(day)
      if (value === undefined) throw new NotEvaluable(say('portfolioNoReturn', { portfolio: series, holding: name, day }))
      sum += w * value
    }
    return sum
  }
  const f = output.forecasts
  const day = numeric(f, 'day', 'u32', 'the forecasts')
  const seriesCol = categorical(f, 'series', 'the forecasts')
  const v = numeric(f, 'var', 'f64', 'the forecasts')
  const es = numeric(f, 'es', 'f64', 'the forecasts')
  const pnl = numeric(f, 'pnl', 'f64', 'the forecasts')
  const rowsBySeries = new Map<string, Map<number, number>>()
  for (let i = 0; i < f.rows; i++) {
    const name = seriesCol.dictionary[seriesCol.codes[i]!]!
    let m = rowsBySeries.get(name)
    if (m === undefined) rowsBySeries.set(name, (m = new Map()))
    if (m.has(day[i]!)) faults.duplicateRows++
    else m.set(day[i]!, i)
  }
  if (rowsBySeries.size === 0) throw new NotEvaluable(say('noForecasts'))
  const series: SeriesBacktest[] = []
  for (const [name, byDay] of rowsBySeries) {
    const s: SeriesBacktest = { series: name, days: [], var: [], es: [], realised: [] }
    for (const d of [...byDay.keys()].sort((a, b) => a - b)) {
      const i = byDay.get(d)!
      const realised = realisedOf(name, d)
      const x = v[i]!
      const e = es[i]!
      if (!(Number.isFinite(x) && x >= 0)) faults.invalidVar++
      if (!(Number.isFinite(e) && e >= x)) faults.invalidEs++
      if (!bad.has(name) && !(Math.abs(pnl[i]! - realised) <= 1e-9 * Math.max(1, Math.abs(realised)))) faults.misstatedPnl++
      s.days.push(d)
      s.var.push(x)
      s.es.push(e)
      s.realised.push(realised)
    }
    for (const d of evaluationDays) if (!byDay.has(d) && (Object.hasOwn(portfolios, name) || returns.get(name)?.has(d))) faults.missingDays++
    series.push(s)
  }
  const faultCount = faults.duplicateRows + faults.invalidVar + faults.invalidEs + faults.misstatedPnl + faults.missingDays + faults.badPortfolios.length
  const historyBefore = (name: string, before: number): number[] => {
    const out: number[] = []
    for (const d of allDays) {
      if (d >= before) break
      try {
        const value = realisedOf(name, d)
        if (Number.isFinite(value)) out.push(value)
      } catch (e) {
        // A day without a return (the first day of the data): no history that day.
        if (!(e instanceof NotEvaluable)) throw e
      }
    }
    return out
  }
  const view = { series, faults, faultCount, historyBefore }
  views.set(output, { datasets: input.datasets, view })
  return view
}

/** The series, when the forecasts can be backtested; otherwise the rule is not evaluable. */
export function backtestSeries(input: CheckInput): SeriesBacktest[] {
  const view = marketView(input)
  if (view.faultCount > 0) throw new NotEvaluable(say('forecastsNotBacktestable', { faults: describeFaults(view.faults).text }))
  return view.series
}

/** The faults in words, e.g. "12 duplicate (series, day) rows, 3 VaR not finite and ≥ 0". */
export function describeFaults(f: MarketFaults): Said {
  const { duplicateRows, invalidVar, invalidEs, misstatedPnl, missingDays } = f
  return say('marketFaults', { duplicateRows, invalidVar, invalidEs, misstatedPnl, missingDays, badPortfolios: f.badPortfolios.length, portfolioNames: f.badPortfolios.slice(0, 5) })
}
