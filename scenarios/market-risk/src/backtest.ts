/**
 * The scenario's own backtest of its champion and challengers, once each day's P&L is known:
 * exceptions (days whose loss exceeded the VaR) and Kupiec's proportion-of-failures statistic
 * (Kupiec 1995). The host recomputes the champion's from its own data; this is for comparison.
 */
import type { TailForecast } from './simulation.js'

export interface Backtest {
  days: number
  exceptions: number
  /** Kupiec's LR, χ²(1) under a correct model: above 3.841 rejects it at 95 %. */
  kupiec: number
  meanVar: number
  meanEs: number
}

const xlogy = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(y))

export function kupiec(n: number, x: number, p: number): number {
  return -2 * (xlogy(n - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(n - x, 1 - x / n) + xlogy(x, x / n))
}

/** Backtests forecasts of returns[from..] at exception probability p. */
export function backtest(forecasts: readonly TailForecast[], returns: Float64Array, from: number, p: number): Backtest {
  let exceptions = 0
  let sumVar = 0
  let sumEs = 0
  forecasts.forEach((f, i) => {
    if (returns[from + i]! < -f.var) exceptions++
    sumVar += f.var
    sumEs += f.es
  })
  const n = forecasts.length
  return { days: n, exceptions, kupiec: kupiec(n, exceptions, p), meanVar: sumVar / n, meanEs: sumEs / n }
}
