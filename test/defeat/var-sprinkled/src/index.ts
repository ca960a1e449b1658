import { defineScenario, viewColumn } from '@bund/sdk'
import builtin from '../../../../scenarios/market-risk/src/index.js'

/**
 * Defeat: a useless VaR with the right number of exceptions, without looking ahead. Three times the
 * champion's VaR (no exception in years), except on one day in fifty, picked by a fixed rule, where
 * VaR is almost nothing — about half of those days are losses, so about ten exceptions in 1,000
 * days, spread evenly; ES there is the mean training-period loss on a losing day. Counting
 * exceptions cannot tell it from a model; scoring the forecasts against the losses can.
 */
export default defineScenario({
  ...builtin,
  id: 'defeat/var-sprinkled',
  version: '1.0.0',
  title: 'Defeat: three times the VaR, and almost none on one day in fifty',
  run(ctx) {
    const out = builtin.run(ctx) as Exclude<ReturnType<typeof builtin.run>, Promise<unknown>>
    const v = viewColumn(out.forecasts.columns['var']!) as Float64Array
    const es = viewColumn(out.forecasts.columns['es']!) as Float64Array
    for (let i = 0; i < v.length; i++) {
      if (i % 50 === 25) {
        v[i] = 1e-6
        es[i] = 0.006
      } else {
        v[i] = 3 * v[i]!
        es[i] = 3 * es[i]!
      }
    }
    return out
  },
})
