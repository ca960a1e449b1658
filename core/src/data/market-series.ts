/**
 * `market-series`: daily closing prices of several synthetic instruments, long format (one row per
 * instrument per trading day, ordered by day then instrument). Each price follows geometric
 * Brownian motion driven by one market factor plus its own noise (Black–Scholes), with a two-state
 * Markov regime (Hamilton 1989: calm and stressed, where volatility, correlation and drift change)
 * and Poisson jumps (Merton 1976). Partitions are whole days: `rows` and `trainingRows` are
 * rounded up to whole days of all instruments; training is the earlier days.
 */
import type { MarketSeriesOptions } from '@bund/sdk'
import { z } from 'zod'
import { defineGenerator } from './generator.js'
import { type Draw, createDraw } from './random.js'
import { dict, numeric } from './table-data.js'

interface Instrument {
  name: string
  start: number
  /** Annual drift and volatility in the calm regime. */
  mu: number
  sigma: number
  /** Correlation with the market factor in the calm regime (negative for havens). */
  rho: number
  /** Log jump size: mean (its sign against the factor's: havens jump up) and sd, daily. */
  jumpMean: number
  jumpSd: number
  /** Largest daily move either way, as a simple return (an exchange price limit or a trading band). */
  limit: number
}

/**
 * Jumps are sized per asset class so each instrument's worst days match its market's: a stock on a
 * Chinese main board cannot move more than 10 % a day (STAR/ChiNext 20 %), USD/CNY trades within
 * 2 % of the day's central parity, a 10-year government bond's price moves a few per cent on a
 * 20–40 bp yield shock (duration ≈ 8.5), gold's worst days are 5–9 %, an equity index's 7–9 %.
 */
const INSTRUMENTS: readonly Instrument[] = [
  { name: 'EQUITY-INDEX', start: 4000, mu: 0.06, sigma: 0.22, rho: 0.95, jumpMean: 0.025, jumpSd: 0.025, limit: 0.1 },
  { name: 'BANK-SHARE', start: 6.5, mu: 0.05, sigma: 0.25, rho: 0.75, jumpMean: 0.03, jumpSd: 0.03, limit: 0.1 },
  { name: 'TECH-SHARE', start: 48, mu: 0.1, sigma: 0.4, rho: 0.7, jumpMean: 0.04, jumpSd: 0.05, limit: 0.2 },
  { name: 'GOV-BOND-10Y', start: 100, mu: 0.025, sigma: 0.045, rho: -0.3, jumpMean: 0.004, jumpSd: 0.006, limit: 0.06 },
  { name: 'FX-USDCNY', start: 7.1, mu: 0, sigma: 0.04, rho: -0.2, jumpMean: 0.003, jumpSd: 0.004, limit: 0.02 },
  { name: 'GOLD', start: 450, mu: 0.05, sigma: 0.15, rho: -0.1, jumpMean: 0.015, jumpSd: 0.02, limit: 0.1 },
  { name: 'CORP-BOND-INDEX', start: 200, mu: 0.035, sigma: 0.05, rho: 0.3, jumpMean: 0.004, jumpSd: 0.006, limit: 0.06 },
  { name: 'PROPERTY-SHARE', start: 12, mu: 0.02, sigma: 0.35, rho: 0.8, jumpMean: 0.035, jumpSd: 0.035, limit: 0.1 },
]

/** Prices are quoted to six significant digits, so a tick is a constant fraction of the price at any level. */
function tick(price: number): number {
  const scale = 10 ** (5 - Math.floor(Math.log10(price)))
  return Math.round(price * scale) / scale
}
const DT = 1 / 252
/** Daily regime switching: calm -> stressed and back (stressed about a fifth of the time). */
const P_STRESS = 0.015
const P_CALM = 0.06
/**
 * In the stressed regime volatility is ×2.2, correlations are pulled towards ±0.95 and the drift
 * falls by 0.3·ρ a year; the calm drift rises by a quarter of that, so the long-run drift stays μ.
 */
const STRESS_VOL = 2.2
const STRESS_DRIFT = 0.3
const CALM_DRIFT = (STRESS_DRIFT * P_STRESS) / P_CALM
/**
 * Jump probability per instrument per day, by regime. Log jump sizes are normal with the
 * instrument's mean (against the market factor's sign) and sd; the drift is compensated for their mean.
 */
const JUMP_P = [0.004, 0.02]
/** Trading days (Monday–Friday) are numbered from Monday 1990-01-01; the series ends on 2025-12-31 if it can. */
const EPOCH_MS = Date.UTC(1990, 0, 1)
const DAY_MS = 86_400_000
const CALENDAR_DAYS_TO_END = (Date.UTC(2025, 11, 31) - EPOCH_MS) / DAY_MS
const LAST_DAY = Math.floor(CALENDAR_DAYS_TO_END / 7) * 5 + (CALENDAR_DAYS_TO_END % 7)

const options: z.ZodType<Required<MarketSeriesOptions>, MarketSeriesOptions> = z
  .object({ instruments: z.number().int().min(1).max(INSTRUMENTS.length).default(6) })
  .strict()

/** The ISO date of trading day `k` (0 = 1990-01-01). */
function tradingDate(k: number): string {
  return new Date(EPOCH_MS + (Math.floor(k / 5) * 7 + (k % 5)) * DAY_MS).toISOString().slice(0, 10)
}

export const marketSeries = defineGenerator({
  kind: 'market-series',
  options,
  generate({ rows, trainingRows, seed, options, futureFrom }) {
    const n = options.instruments
    const trainingDays = Math.ceil(trainingRows / n)
    const days = trainingDays + Math.ceil(rows / n)
    const total = days * n
    const firstDay = Math.max(0, LAST_DAY - days + 1)
    let draw: Pick<Draw, 'fast' | 'normal'> = createDraw(seed, 'market-series')

    const day = new Uint32Array(total)
    const date = new Uint32Array(total)
    const instrument = new Uint8Array(total)
    const price = new Float64Array(total)
    const logReturn = new Float64Array(total)
    const regime = new Uint8Array(total)
    const jump = new Uint8Array(total)
    const last = Float64Array.from(INSTRUMENTS.slice(0, n), (x) => x.start)
    const sqrtDt = Math.sqrt(DT)
    let stressed = draw.fast() < P_STRESS / (P_STRESS + P_CALM) ? 1 : 0
    for (let d = 0; d < days; d++) {
      // Another future from the same past: the same state (regime, prices), the mirrored draws from here on.
      if (d === futureFrom) draw = mirrored(draw)
      if (d > 0) stressed = stressed ? (draw.fast() < P_CALM ? 0 : 1) : draw.fast() < P_STRESS ? 1 : 0
      const market = draw.normal()
      for (let k = 0; k < n; k++) {
        const i = d * n + k
        const x = INSTRUMENTS[k] as Instrument
        const sigma = stressed ? x.sigma * STRESS_VOL : x.sigma
        const rho = stressed ? Math.sign(x.rho) * Math.min(0.95, Math.abs(x.rho) * 1.3) : x.rho
        const mu = stressed ? x.mu - STRESS_DRIFT * x.rho : x.mu + CALM_DRIFT * x.rho
        const jumpP = JUMP_P[stressed] as number
        const jumpMean = x.rho < 0 ? x.jumpMean : -x.jumpMean
        const shock = rho * market + Math.sqrt(1 - rho * rho) * draw.normal()
        let r = (mu - (sigma * sigma) / 2) * DT - jumpP * jumpMean + sigma * sqrtDt * shock
        const jumped = draw.fast() < jumpP
        if (jumped) r += jumpMean + x.jumpSd * draw.normal()
        // The price limit or band: no day's simple return goes beyond ±limit.
        r = Math.min(Math.log1p(x.limit), Math.max(Math.log1p(-x.limit), r))
        day[i] = d
        date[i] = d
        instrument[i] = k
        regime[i] = stressed
        jump[i] = jumped && d > 0 ? 1 : 0
        if (d === 0) {
          price[i] = last[k] as number
          continue
        }
        const p = tick((last[k] as number) * Math.exp(r))
        logReturn[i] = Math.log(p / (last[k] as number))
        price[i] = p
        last[k] = p
      }
    }
    const dates = Array.from({ length: days }, (_, d) => tradingDate(firstDay + d))
    const table = {
      rows: total,
      columns: {
        day: numeric('u32', day),
        // Dictionary codes are the day index, narrowed to the width the dictionary size asks for.
        date: narrowDict(date, dates),
        instrument: dict(instrument, INSTRUMENTS.slice(0, n).map((x) => x.name)),
        price: numeric('f64', price),
        logReturn: numeric('f64', logReturn),
        regime: numeric('u8', regime),
        jump: numeric('u8', jump),
      },
    }
    return { table, trainingRows: trainingDays * n }
  },
})

function narrowDict(codes: Uint32Array, dictionary: string[]) {
  const narrow = dictionary.length <= 0x100 ? Uint8Array.from(codes) : dictionary.length <= 0x10000 ? Uint16Array.from(codes) : codes
  return dict(narrow, dictionary)
}

/**
 * The antithetic draws of a stream (Hammersley & Morton 1956) for its normals: −z for each, the
 * uniforms unchanged. −z is distributed as z, so the path is another path of the same process, with
 * the same regime switches and jump days (the same uniforms, so the two streams stay in step) and
 * every shock and jump size pointing the other way: a day that was a gain is a loss on the other
 * path but for the drift, so a forecast that read its own day cannot come out the same on both.
 */
function mirrored(draw: Pick<Draw, 'fast' | 'normal'>): Pick<Draw, 'fast' | 'normal'> {
  return { fast: () => draw.fast(), normal: () => -draw.normal() }
}
