import { defineScenario, viewColumn } from '@bund/sdk'
import builtin from '../../../../scenarios/market-risk/src/index.js'

/**
 * Defeat: a VaR that knows the day it forecasts. The evaluation partition holds every evaluation
 * day's prices at once, so each day's "forecast" is written after reading that day's loss: just
 * above it, except on one day in a hundred, where it is set just below a loss — ten exceptions in
 * 1,000 days, spread evenly, each with an ES equal to the loss. Kupiec, the traffic light and the
 * ES test see a perfect model.
 */
export default defineScenario({
  ...builtin,
  id: 'defeat/var-clairvoyant',
  version: '1.0.0',
  title: 'Defeat: a VaR written after reading the loss it forecasts',
  run(ctx) {
    const out = builtin.run(ctx) as Exclude<ReturnType<typeof builtin.run>, Promise<unknown>>
    const v = viewColumn(out.forecasts.columns['var']!) as Float64Array
    const es = viewColumn(out.forecasts.columns['es']!) as Float64Array
    const pnl = viewColumn(out.forecasts.columns['pnl']!) as Float64Array
    let planted = 0
    for (let i = 0; i < v.length; i++) {
      const loss = -pnl[i]!
      if (planted < Math.floor((i + 50) / 100) && loss > 0.002) {
        v[i] = 0.9 * loss
        es[i] = loss
        planted++
      } else {
        v[i] = Math.max(loss, 0) * 1.05 + 0.002
        es[i] = v[i]! * 1.2
      }
    }
    return out
  },
})
