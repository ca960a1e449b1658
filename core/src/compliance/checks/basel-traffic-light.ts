import { z } from 'zod'
import { defineCheck } from '../check.js'
import { backtestSeries } from '../market-join.js'
import { baselParams } from './market-forecasts.js'
import { exceptionsIn, zoneLimits } from './var-backtest.js'
import { say } from '../verdict-text.js'

/**
 * The Basel traffic light (BCBS 1996, MAR32.38 ff.): exceptions of the one-day 99 % VaR in the
 * most recent 250 days; green up to the count whose cumulative binomial probability stays below
 * 95 % (4), red from the count reaching 99.99 % (10), yellow between. The rule fails from `zone`.
 * Figure: the largest exception count of any series; threshold: the most `zone` allows below it.
 */
export const baselTrafficLight = defineCheck({
  name: 'basel-traffic-light',
  description: 'Exceptions of the 99 % VaR in the most recent 250 days, against the Basel green/yellow/red zones.',
  kinds: ['market-risk'],
  params: z.object({ confidence: baselParams.confidence, windowDays: baselParams.windowDays, failFrom: z.enum(['yellow', 'red']) }).strict(),
  evaluate(input, params) {
    const p = 1 - params.confidence
    const limits = zoneLimits(params.windowDays, p)
    const allowed = params.failFrom === 'yellow' ? limits.greenMax : limits.yellowMax
    const series = backtestSeries(input).map((s) => {
      const from = Math.max(0, s.days.length - params.windowDays)
      const exceptions = exceptionsIn(s, from, s.days.length)
      const zone = exceptions <= limits.greenMax ? 'green' : exceptions <= limits.yellowMax ? 'yellow' : 'red'
      return { series: s.series, days: s.days.length - from, firstDay: s.days[from], exceptions, zone }
    })
    const worst = series.reduce((a, b) => (b.exceptions > a.exceptions ? b : a))
    const passed = worst.exceptions <= allowed
    return {
      passed,
      figure: worst.exceptions,
      threshold: allowed,
      ...say('trafficLight', { series: worst.series, exceptions: worst.exceptions, days: worst.days, zone: worst.zone, greenMax: limits.greenMax, redFrom: limits.yellowMax + 1 }),
      evidence: { zones: limits, series },
    }
  },
})
