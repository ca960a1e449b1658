import type { MarketRisk } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'
import { describeFaults, marketView } from '../market-join.js'
import { say } from '../verdict-text.js'

/** The Basel backtesting parameters a market-risk pack fixes (the scenario does not choose them). */
export const baselParams = {
  /** VaR confidence level: 99 %, one-tailed (BCBS 1996 backtesting framework; MAR32). */
  confidence: z.literal(0.99),
  /** Holding period of the backtested VaR: one day. */
  horizonDays: z.literal(1),
  /** Observations the backtest needs: the most recent 250 trading days. */
  windowDays: z.literal(250),
}

/**
 * The forecasts are backtestable as stated: the declared confidence and horizon are the pack's,
 * exactly one row per (series, day), every evaluation day forecast, at least a window of days per
 * series, VaR finite and ≥ 0, ES finite and ≥ VaR, the stated P&L is the host's realised P&L, and
 * every portfolio has finite, non-zero exposures to instruments of the data. Figure: the faults.
 */
export const marketForecasts = defineCheck({
  name: 'market-forecasts',
  description: 'Forecasts at the pack’s confidence and horizon, one per series and day, finite non-negative VaR, ES ≥ VaR, true P&L, real exposures.',
  kinds: ['market-risk'],
  params: z.object(baselParams).strict(),
  evaluate(input, params) {
    const out = input.output as MarketRisk
    const view = marketView(input)
    const short = view.series.filter((s) => s.days.length < params.windowDays).map((s) => s.series)
    const wrongLevel = out.confidence !== params.confidence ? 1 : 0
    const wrongHorizon = out.horizonDays !== params.horizonDays ? 1 : 0
    const count = view.faultCount + short.length + wrongLevel + wrongHorizon
    const faults = [
      wrongLevel ? say('forecastsWrongConfidence', { declared: out.confidence, wanted: params.confidence }) : undefined,
      wrongHorizon ? say('forecastsWrongHorizon', { declared: out.horizonDays, wanted: params.horizonDays }) : undefined,
      short.length ? say('forecastsShortSeries', { count: short.length, window: params.windowDays, names: short.slice(0, 5) }) : undefined,
      view.faultCount ? describeFaults(view.faults) : undefined,
    ].filter((s) => s !== undefined)
    return {
      passed: count === 0,
      figure: count,
      threshold: 0,
      ...(count === 0 ? say('forecastsPass', { series: view.series.length, confidence: params.confidence }) : say('forecastsFail', { faults: faults.map((s) => s.text) })),
      evidence: { declaredConfidence: out.confidence, shortSeries: short, ...view.faults, series: view.series.map((s) => ({ series: s.series, days: s.days.length })) },
    }
  },
})
