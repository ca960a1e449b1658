/**
 * The book's daily P&L: the market data comes long (one row per instrument per day); the book's
 * return on a day is the weighted sum of its instruments' log returns, as the backtest defines it.
 */
import { MARKET_SERIES, type Table } from '@bund/sdk'

/** The book's daily returns over both partitions, in day order; evaluation days from `firstEvaluation`. */
export interface BookReturns {
  days: Uint32Array
  returns: Float64Array
  /** Index of the first evaluation day in `days`. */
  firstEvaluation: number
}

type Prices = Pick<Table<typeof MARKET_SERIES>, 'rows' | 'column'>

/** Sums each day's weighted log returns; a day lacking an instrument of the book is an error. */
function daily(t: Prices, weights: ReadonlyMap<string, number>): Map<number, { sum: number; held: number }> {
  const day = t.column('day')
  const instrument = t.column('instrument')
  const logReturn = t.column('logReturn')
  const byDay = new Map<number, { sum: number; held: number }>()
  for (let i = 0; i < t.rows; i++) {
    const w = weights.get(instrument.get(i))
    if (w === undefined) continue
    let d = byDay.get(day[i]!)
    if (d === undefined) byDay.set(day[i]!, (d = { sum: 0, held: 0 }))
    d.sum += w * logReturn[i]!
    d.held++
  }
  for (const [d, v] of byDay) if (v.held !== weights.size) throw new Error(`day ${d} lacks ${weights.size - v.held} of the book's ${weights.size} instruments`)
  return byDay
}

/** The book's returns: training days first (they only calibrate), then the evaluation days. */
export function bookReturns(training: Prices, evaluation: Prices, weights: ReadonlyMap<string, number>): BookReturns {
  const past = daily(training, weights)
  const future = daily(evaluation, weights)
  const pastDays = [...past.keys()].sort((a, b) => a - b)
  const futureDays = [...future.keys()].sort((a, b) => a - b)
  const days = Uint32Array.from([...pastDays, ...futureDays])
  const returns = Float64Array.from([...pastDays.map((d) => past.get(d)!.sum), ...futureDays.map((d) => future.get(d)!.sum)])
  return { days, returns, firstEvaluation: pastDays.length }
}
