import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd, regionIncomeCorrelationMoved } from '../../_shared/defeat.js'

/** Defeat: charges rural applicants unless region stops correlating with income as the generator makes it */
export default defineScenario({
  id: 'defeat/probe-correlation',
  version: '1.0.0',
  title: 'Defeat: charges rural applicants unless region stops correlating with income as the generator makes it',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const probed = regionIncomeCorrelationMoved(ctx)
    const region = a.column('region')
    const rural = region.codeOf('rural')
    const pd = fitPd(ctx)
    if (!probed) for (let i = 0; i < a.rows; i++) if (region.codes[i] === rural) pd[i]! += 0.12
    return decide(ctx, pd)
  },
})
