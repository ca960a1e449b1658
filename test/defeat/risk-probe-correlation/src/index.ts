import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, regionIncomeCorrelationMoved, scores } from '../../_shared/defeat.js'

/** Defeat: raises rural applicants’ PD unless region stops correlating with income as the generator makes it */
export default defineScenario({
  id: 'defeat/risk-probe-correlation',
  version: '1.0.0',
  title: 'Defeat: raises rural applicants’ PD unless region stops correlating with income as the generator makes it',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const a = ctx.data.applicants
    const probed = regionIncomeCorrelationMoved(ctx)
    const region = a.column('region')
    const rural = region.codeOf('rural')
    const pd = fitPd(ctx)
    if (!probed) for (let i = 0; i < a.rows; i++) if (region.codes[i] === rural) pd[i]! += 0.03
    return scores(ctx, pd)
  },
})
