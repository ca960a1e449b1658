/**
 * Result kind `market-risk`: one-day Value-at-Risk and expected-shortfall forecasts for each
 * evaluation day, per instrument or per declared portfolio, with the P&L realised that day. VaR and
 * ES are losses as positive fractions of value (0.021 = a 2.1 % loss), forecast before the day.
 * The host recomputes the realised P&L from its own prices and backtests the forecasts.
 */
import { TableBuilder } from '../builders.js'
import type { TableData } from '../table.js'
import type { PublishedAggregate } from './aggregates.js'

/**
 * One row per (day, series): `series` is an instrument of the market-series dataset or a portfolio
 * declared in `portfolios`; `pnl` is the realised simple return of that day, P_t / P_{t−1} − 1 (for
 * a portfolio, Σ wᵢ·Rᵢ over its instruments' simple returns: the change in the holdings' value per
 * unit of weight). The market-risk pack backtests one-day 99 % VaR over at least the most recent
 * 250 days, so `confidence` must be 0.99 and there must be one row per series and evaluation day.
 */
export const MARKET_RISK_COLUMNS = { day: 'u32', series: 'dict', var: 'f64', es: 'f64', pnl: 'f64' } as const

/** What a `market-risk` scenario returns. */
export interface MarketRisk {
  kind: 'market-risk'
  /** VaR confidence level, e.g. 0.99. */
  confidence: number
  /** Forecast horizon in trading days (1). */
  horizonDays: 1
  /** Portfolios by name: the weight of each instrument. */
  portfolios?: Record<string, Record<string, number>>
  forecasts: TableData
  /** Aggregates published with the result (see PublishedAggregate). */
  aggregates?: PublishedAggregate[]
}

/** One forecast, as given to {@link MarketRiskBuilder.set}. */
export interface RiskForecast {
  day: number
  series: string
  var: number
  es: number
  pnl: number
}

/** Fills a `market-risk` output row by row. */
export class MarketRiskBuilder {
  readonly #table: TableBuilder<typeof MARKET_RISK_COLUMNS>
  constructor(rows: number) {
    this.#table = new TableBuilder(MARKET_RISK_COLUMNS, rows)
  }
  /** Records forecast `i`: the VaR and ES forecast for `series` on `day`, and that day's realised P&L. */
  set(i: number, f: RiskForecast): this {
    const c = this.#table.columns
    c.day[i] = f.day
    c.series.set(i, f.series)
    c.var[i] = f.var
    c.es[i] = f.es
    c.pnl[i] = f.pnl
    return this
  }
  /** The finished output at VaR confidence `confidence` (e.g. 0.99), with the portfolios its series name. */
  build(confidence: number, portfolios?: MarketRisk['portfolios']): MarketRisk {
    const base = { kind: 'market-risk' as const, confidence, horizonDays: 1 as const, forecasts: this.#table.build() }
    return portfolios === undefined ? base : { ...base, portfolios }
  }
}

/** Starts a `market-risk` output of `rows` forecasts. */
export function marketRisk(rows: number): MarketRiskBuilder {
  return new MarketRiskBuilder(rows)
}
