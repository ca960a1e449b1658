/**
 * The frame of the market-risk defeat cases: the built-in model run as it is, then its forecasts
 * rewritten in place before the host sees them.
 */
import { defineScenario, viewColumn } from '@bund/sdk'
import builtin from '../../../scenarios/market-risk/src/index.js'

/** The columns of the built-in's forecasts a case rewrites: VaR, ES and the realised P&L it reported. */
export interface Forecasts {
  var: Float64Array
  es: Float64Array
  pnl: Float64Array
}

/** The built-in market-risk scenario under another id and title, with `rewrite` applied to its forecasts. */
export function rewrittenMarketRisk(meta: { id: string; title: string }, rewrite: (f: Forecasts) => void) {
  return defineScenario({
    ...builtin,
    ...meta,
    version: '1.0.0',
    run(ctx) {
      const out = builtin.run(ctx) as Exclude<ReturnType<typeof builtin.run>, Promise<unknown>>
      const column = (name: string) => viewColumn(out.forecasts.columns[name]!) as Float64Array
      rewrite({ var: column('var'), es: column('es'), pnl: column('pnl') })
      return out
    },
  })
}
