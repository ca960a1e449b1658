/**
 * A market-risk scenario: one-day 99 % Value-at-Risk and expected shortfall of an equally weighted
 * portfolio, forecast each evaluation day by filtered historical simulation — past returns are
 * scaled by an exponentially weighted volatility (RiskMetrics, λ = 0.94), so the forecast follows
 * calm and stressed regimes while keeping the fat tails of the history.
 *
 * Bund backtests the forecasts against the P&L it computes from its own prices (simple returns,
 * weighted by the declared portfolio): one-day 99 % VaR over at least the last 250 days, the share
 * of days whose loss exceeds the VaR consistent with 1 % (Kupiec's test), the Basel traffic light,
 * and the expected shortfall (Acerbi–Székely Z2). `bund rules --kind market-risk` lists the rules.
 */
import { type StringColumn, defineScenario, marketRisk, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

export default defineScenario({
  id: 'template-org/market-template',
  version: '0.1.0',
  title: 'Portfolio Value-at-Risk',
  description: 'Filtered historical simulation of the one-day 99 % VaR and expected shortfall of an equally weighted portfolio.',
  category: 'market',
  datasets: { prices: { kind: 'market-series', rows: 3_000, trainingRows: 3_000 } },
  result: 'market-risk',
  params: withJsonSchema(
    z.object({
      /** Decay of the volatility estimate: closer to 1 remembers longer. */
      lambda: z._default(z.number().check(z.gte(0.8), z.lte(0.999)), 0.94),
      /** Past days of standardised returns the quantile is taken over. */
      window: z._default(z.int().check(z.gte(50), z.lte(2_000)), 500),
    }),
    z.toJSONSchema,
  ),
  run(ctx) {
    const confidence = 0.99
    const { lambda, window } = ctx.params

    // The portfolio's daily return: the mean of the instruments' simple returns P_t / P_{t−1} − 1
    // (equal weights), training days first, then evaluation. Simple returns add across holdings;
    // log returns do not.
    const daily = new Map<number, { sum: number; count: number }>()
    const evaluationDays = new Set<number>()
    const instruments = new Set<string>()
    const previous = new Map<string, number>()
    const add = (day: ArrayLike<number>, price: ArrayLike<number>, instrument: StringColumn, evaluation: boolean) => {
      for (let i = 0; i < day.length; i++) {
        const name = instrument.get(i)
        const before = previous.get(name)
        previous.set(name, price[i]!)
        instruments.add(name)
        if (before === undefined) continue
        const d = daily.get(day[i]!) ?? { sum: 0, count: 0 }
        d.sum += price[i]! / before - 1
        d.count++
        daily.set(day[i]!, d)
        if (evaluation) evaluationDays.add(day[i]!)
      }
    }
    const train = ctx.training.prices
    const test = ctx.data.prices
    add(train.column('day'), train.column('price'), train.column('instrument'), false)
    add(test.column('day'), test.column('price'), test.column('instrument'), true)
    const days = [...daily.keys()].sort((a, b) => a - b)
    const returns = days.map((d) => daily.get(d)!.sum / daily.get(d)!.count)

    // Walk forward: each day's forecast uses only the days before it.
    let variance = returns.slice(1, 21).reduce((s, r) => s + r * r, 0) / 20
    const standardised: number[] = []
    const out = marketRisk(evaluationDays.size)
    let row = 0
    for (let t = 1; t < days.length; t++) {
      const sigma = Math.sqrt(variance)
      if (evaluationDays.has(days[t]!)) {
        // The 1 % quantile of the recent standardised returns, and the mean beyond it.
        const past = standardised.slice(-window).sort((a, b) => a - b)
        const k = Math.max(1, Math.floor(past.length * (1 - confidence)))
        const tail = past.slice(0, k)
        const q = tail[k - 1] ?? -2.33
        const tailMean = tail.length > 0 ? tail.reduce((s, z) => s + z, 0) / tail.length : -2.67
        out.set(row++, { day: days[t]!, series: 'portfolio', var: -q * sigma, es: -tailMean * sigma, pnl: returns[t]! })
      }
      standardised.push(returns[t]! / sigma)
      variance = lambda * variance + (1 - lambda) * returns[t]! ** 2
    }

    ctx.log.info(`${row} daily forecasts for a portfolio of ${instruments.size} instruments`)
    const weight = 1 / instruments.size
    return out.build(confidence, { portfolio: Object.fromEntries([...instruments].map((name) => [name, weight])) })
  },
})
