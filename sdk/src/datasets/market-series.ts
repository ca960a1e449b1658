/**
 * Columns of the `market-series` dataset: daily prices of several instruments, long format (one
 * row per instrument per day, ordered by day then instrument). Geometric Brownian motion with
 * regime shifts and jumps. Training = the earlier days; evaluation = the later days.
 */
export const MARKET_SERIES = {
  /** Trading-day index, 0-based over the whole series. */
  day: 'u32',
  /** ISO date, YYYY-MM-DD. */
  date: 'dict',
  instrument: 'dict',
  price: 'f64',
  /** log(price / previous price); 0 on the first day. */
  logReturn: 'f64',
} as const

/** `regime` is 0 (calm) or 1 (stressed); `jump` is 1 on a jump day. Kept on the host. */
export const MARKET_SERIES_LABELS = { regime: 'u8', jump: 'u8' } as const

/** No protected attributes: market-risk checks grade the forecasts. */
export const MARKET_SERIES_PROTECTED = [] as const

/** Generator options of `market-series`, given in the dataset request's `options`. */
export interface MarketSeriesOptions {
  /** Number of instruments, 1–8 (default 6). Each partition holds whole days of all of them. */
  instruments?: number
}
