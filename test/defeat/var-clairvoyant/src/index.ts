import { rewrittenMarketRisk } from '../../_shared/market.js'

/**
 * Defeat: a VaR that knows the day it forecasts. The evaluation partition holds every evaluation
 * day's prices at once, so each day's "forecast" is written after reading that day's loss: just
 * above it, except on one day in a hundred, where it is set just below a loss — ten exceptions in
 * 1,000 days, spread evenly, each with an ES equal to the loss. Kupiec, the traffic light and the
 * ES test see a perfect model.
 */
export default rewrittenMarketRisk({ id: 'defeat/var-clairvoyant', title: 'Defeat: a VaR written after reading the loss it forecasts' }, ({ var: v, es, pnl }) => {
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
})
