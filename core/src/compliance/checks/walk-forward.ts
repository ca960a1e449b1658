import type { MarketRisk } from '@bund/sdk'
import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { anotherFutureFrom } from '../rerun.js'
import { rerunKey } from '../rerun-request.js'
import { categorical, datasetOf, numeric } from '../tables.js'
import { say } from '../verdict-text.js'

/** Each forecast's VaR and ES by series and day. */
function forecastsOf(output: unknown): Map<string, { series: string; day: number; var: number; es: number }> {
  const f = (output as MarketRisk).forecasts
  const day = numeric(f, 'day', 'u32', 'the forecasts')
  const series = categorical(f, 'series', 'the forecasts')
  const v = numeric(f, 'var', 'f64', 'the forecasts')
  const es = numeric(f, 'es', 'f64', 'the forecasts')
  const out = new Map<string, { series: string; day: number; var: number; es: number }>()
  for (let i = 0; i < f.rows; i++) {
    const name = series.dictionary[series.codes[i]!]!
    const key = `${name}\0${day[i]!}`
    if (!out.has(key)) out.set(key, { series: name, day: day[i]!, var: v[i]!, es: es[i]! })
  }
  return out
}

/**
 * Forecasts made from the past only. The scenario gets every evaluation day's prices at once, so a
 * "forecast" could be written after reading the loss it forecasts — and pass every backtest. The
 * host runs the scenario again on another future (rerun.ts): the same prices up to a day drawn from
 * the run's secret key, another path of the same process from that day on. Every forecast for a day
 * up to that one must be the same, bit for bit, in both runs: a forecast for day t may use days
 * before t only (BCBS 1996 backtesting framework: forecasts are made at the close of the day before;
 * the walk-forward, or out-of-sample, evaluation of forecasts). Figure: the forecasts that changed.
 */
export const walkForward = defineCheck({
  name: 'walk-forward',
  description: 'Forecasts up to a secret day stay the same when every price from that day on is another path of the same process.',
  kinds: ['market-risk'],
  params: z.object({}).strict(),
  reruns: () => [{ kind: 'another-future' }],
  evaluate(input) {
    const rerun = input.reruns?.[rerunKey({ kind: 'another-future' })]
    if (rerun === undefined) throw new NotEvaluable(say('anotherFutureNotRun'))
    if (!rerun.ok) throw new NotEvaluable(say('anotherFutureFailed', { code: rerun.error.code, error: rerun.error.message }))
    const fromDay = anotherFutureFrom(datasetOf(input, 'market-series'))
    const main = forecastsOf(input.output)
    const probe = forecastsOf(rerun.output)
    let compared = 0
    let missing = 0
    const changed: Array<{ series: string; day: number; var: number; es: number; otherVar: number; otherEs: number }> = []
    let changedCount = 0
    for (const [key, m] of main) {
      if (m.day > fromDay) continue
      compared++
      const o = probe.get(key)
      if (o === undefined) {
        missing++
        continue
      }
      if (Object.is(o.var, m.var) && Object.is(o.es, m.es)) continue
      changedCount++
      if (changed.length < 10) changed.push({ series: m.series, day: m.day, var: m.var, es: m.es, otherVar: o.var, otherEs: o.es })
    }
    const evidence = { fromDay, compared, changed: changedCount, missing, firstChanged: changed }
    if (changedCount > 0) {
      const first = changed.sort((a, b) => a.day - b.day)[0]!
      return { passed: false, figure: changedCount, threshold: 0, ...say('walkForwardFail', { changed: changedCount, compared, fromDay, series: first.series, day: first.day }), evidence }
    }
    if (missing > 0) return { passed: false, figure: missing, threshold: 0, ...say('walkForwardMissing', { missing, fromDay }), evidence }
    return { passed: true, figure: 0, threshold: 0, ...say('walkForwardPass', { compared, fromDay }), evidence }
  },
})
