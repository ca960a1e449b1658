import type { MarketRisk } from '@bund/sdk'
import type { CheckInput } from './check.js'
import { quote } from '../quote.js'
import { NotEvaluable } from './check.js'
import { categorical, datasetOf, numeric } from './tables.js'

/** One series' forecasts with the P&L the host computes from its own prices. */
export interface SeriesBacktest {
  series: string
  days: number[]
  var: number[]
  es: number[]
  /** Realised P&L from the host's returns. */
  realised: number[]
  /** Rows where the stated P&L differs from the host's. */
  misstated: number
  /** Evaluation days with no forecast. */
  missingDays: number
}

const views = new WeakMap<object, { datasets: CheckInput['datasets']; series: SeriesBacktest[] }>()

/** Groups the forecasts by series and recomputes each day's realised P&L from the market data. */
export function backtestSeries(input: CheckInput): SeriesBacktest[] {
  const output = input.output as MarketRisk
  const cached = views.get(output)
  if (cached !== undefined && cached.datasets === input.datasets) return cached.series
  const ev = datasetOf(input, 'market-series').evaluation
  const dayCol = numeric(ev, 'day', 'u32', 'the market data')
  const instrument = categorical(ev, 'instrument', 'the market data')
  const logReturn = numeric(ev, 'logReturn', 'f64', 'the market data')
  const returns = new Map<string, Map<number, number>>()
  const evaluationDays = new Set<number>()
  for (let r = 0; r < ev.rows; r++) {
    const name = instrument.dictionary[instrument.codes[r]!]!
    let m = returns.get(name)
    if (m === undefined) returns.set(name, (m = new Map()))
    m.set(dayCol[r]!, logReturn[r]!)
    evaluationDays.add(dayCol[r]!)
  }
  const realisedOf = (series: string, day: number): number => {
    const weights = output.portfolios?.[series]
    if (weights === undefined) {
      const value = returns.get(series)?.get(day)
      if (value === undefined) throw new NotEvaluable(`series ${quote(series)} on day ${day} is neither an instrument in the evaluation data nor a declared portfolio`)
      return value
    }
    let sum = 0
    for (const [name, w] of Object.entries(weights)) {
      const value = returns.get(name)?.get(day)
      if (value === undefined) throw new NotEvaluable(`portfolio ${quote(series)} holds ${quote(name)}, which has no return on day ${day}`)
      sum += w * value
    }
    return sum
  }
  const f = output.forecasts
  const day = numeric(f, 'day', 'u32', 'the forecasts')
  const series = categorical(f, 'series', 'the forecasts')
  const v = numeric(f, 'var', 'f64', 'the forecasts')
  const es = numeric(f, 'es', 'f64', 'the forecasts')
  const pnl = numeric(f, 'pnl', 'f64', 'the forecasts')
  const bySeries = new Map<string, SeriesBacktest>()
  for (let i = 0; i < f.rows; i++) {
    const name = series.dictionary[series.codes[i]!]!
    let s = bySeries.get(name)
    if (s === undefined) bySeries.set(name, (s = { series: name, days: [], var: [], es: [], realised: [], misstated: 0, missingDays: 0 }))
    const realised = realisedOf(name, day[i]!)
    s.days.push(day[i]!)
    s.var.push(v[i]!)
    s.es.push(es[i]!)
    s.realised.push(realised)
    if (!(Math.abs(pnl[i]! - realised) <= 1e-9 * Math.max(1, Math.abs(realised)))) s.misstated++
  }
  if (bySeries.size === 0) throw new NotEvaluable('the output has no forecasts')
  for (const s of bySeries.values()) {
    const have = new Set(s.days)
    for (const d of evaluationDays) if (!have.has(d)) s.missingDays++
  }
  const list = [...bySeries.values()]
  views.set(output, { datasets: input.datasets, series: list })
  return list
}
