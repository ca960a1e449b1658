/**
 * The book's daily P&L: the market data comes long (one row per instrument per day). An
 * instrument's return is the simple return P_t / P_{t−1} − 1, and the book's is the weighted sum
 * of its instruments' simple returns — the change in the value of the holdings, as the host's
 * backtest defines it (log returns do not add across instruments).
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

/**
 * Adds each day's weighted simple returns to `byDay`, carrying each instrument's previous price in
 * `previous` (so the first evaluation day uses the last training price). A day lacking an
 * instrument of the book is an error.
 */
function daily(t: Prices, weights: ReadonlyMap<string, number>, previous: Map<string, { day: number; price: number }>): Map<number, { sum: number; held: number }> {
  const day = t.column('day')
  const instrument = t.column('instrument')
  const price = t.column('price')
  const byDay = new Map<number, { sum: number; held: number }>()
  for (let i = 0; i < t.rows; i++) {
    const name = instrument.get(i)
    const w = weights.get(name)
    if (w === undefined) continue
    const before = previous.get(name)
    previous.set(name, { day: day[i]!, price: price[i]! })
    if (before === undefined || before.day !== day[i]! - 1) continue
    let d = byDay.get(day[i]!)
    if (d === undefined) byDay.set(day[i]!, (d = { sum: 0, held: 0 }))
    d.sum += w * (price[i]! / before.price - 1)
    d.held++
  }
  for (const [d, v] of byDay) if (v.held !== weights.size) throw new Error(`day ${d} lacks ${weights.size - v.held} of the book's ${weights.size} instruments`)
  return byDay
}

/** The book's returns: training days first (they only calibrate), then the evaluation days. */
export function bookReturns(training: Prices, evaluation: Prices, weights: ReadonlyMap<string, number>): BookReturns {
  const previous = new Map<string, { day: number; price: number }>()
  const past = daily(training, weights, previous)
  const future = daily(evaluation, weights, previous)
  const pastDays = [...past.keys()].sort((a, b) => a - b)
  const futureDays = [...future.keys()].sort((a, b) => a - b)
  const days = Uint32Array.from([...pastDays, ...futureDays])
  const returns = Float64Array.from([...pastDays.map((d) => past.get(d)!.sum), ...futureDays.map((d) => future.get(d)!.sum)])
  return { days, returns, firstEvaluation: pastDays.length }
}
