import { rewrittenMarketRisk } from '../../_shared/market.js'

/**
 * Defeat: a useless VaR with the right number of exceptions, without looking ahead. Three times the
 * champion's VaR (no exception in years), except on one day in fifty, picked by a fixed rule, where
 * VaR is almost nothing — about half of those days are losses, so about ten exceptions in 1,000
 * days, spread evenly; ES there is a typical loss on a losing day. Counting exceptions cannot tell
 * it from a model; scoring the forecasts against the losses can.
 */
export default rewrittenMarketRisk({ id: 'defeat/var-sprinkled', title: 'Defeat: three times the VaR, and almost none on one day in fifty' }, ({ var: v, es }) => {
  for (let i = 0; i < v.length; i++) {
    if (i % 50 === 25) {
      v[i] = 1e-6
      es[i] = 0.006
    } else {
      v[i] = 3 * v[i]!
      es[i] = 3 * es[i]!
    }
  }
})
