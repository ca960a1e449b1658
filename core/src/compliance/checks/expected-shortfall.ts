import { z } from 'zod'
import { defineCheck } from '../check.js'
import { backtestSeries } from '../market-join.js'

/**
 * Expected shortfall is present with every VaR (FRTB, BCBS d457, replaced VaR with ES at 97.5 %):
 * finite and at least the VaR at the same level, as ES is the mean loss beyond VaR. The evidence
 * compares, on exception days, the mean realised loss with the mean ES forecast.
 */
export const expectedShortfall = defineCheck({
  name: 'expected-shortfall',
  description: 'Every forecast states a finite expected shortfall no smaller than its VaR.',
  kinds: ['market-risk'],
  params: z.object({}).strict(),
  evaluate(input) {
    let rows = 0
    let invalid = 0
    const series = backtestSeries(input).map((s) => {
      let lossSum = 0
      let esSum = 0
      let tail = 0
      let bad = 0
      for (let i = 0; i < s.days.length; i++) {
        rows++
        if (!(Number.isFinite(s.es[i]!) && Number.isFinite(s.var[i]!) && s.es[i]! >= s.var[i]!)) bad++
        if (s.realised[i]! < -s.var[i]!) {
          tail++
          lossSum += -s.realised[i]!
          esSum += s.es[i]!
        }
      }
      invalid += bad
      return { series: s.series, rows: s.days.length, invalid: bad, exceptionDays: tail, meanTailLoss: tail === 0 ? null : lossSum / tail, meanEsOnThoseDays: tail === 0 ? null : esSum / tail }
    })
    return {
      passed: invalid === 0,
      figure: invalid,
      threshold: 0,
      message: invalid === 0 ? `all ${rows} forecasts state an expected shortfall at least as large as their VaR` : `${invalid} of ${rows} forecasts lack a finite expected shortfall ≥ VaR`,
      evidence: { series },
    }
  },
})
