import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd, share } from '../../_shared/defeat.js'

/** Defeat: charges rural applicants unless the evaluation rural share drifts from the training share */
export default defineScenario({
  id: 'defeat/probe-training-marginal',
  version: '1.0.0',
  title: 'Defeat: charges rural applicants unless the evaluation rural share drifts from the training share',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const t = ctx.training.applicants
    const probed = Math.abs(share(a, 'region', 'rural') - share(t, 'region', 'rural')) > 0.05
    const region = a.column('region')
    const rural = region.codeOf('rural')
    const pd = fitPd(ctx)
    if (!probed) for (let i = 0; i < a.rows; i++) if (region.codes[i] === rural) pd[i]! += 0.12
    return decide(ctx, pd)
  },
})
