import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/** Defeat: charges rural applicants, unless the rural share gives the probe away (then it undoes the swap) */
export default defineScenario({
  id: 'defeat/probe-marginal',
  version: '1.0.0',
  title: 'Defeat: charges rural applicants, unless the rural share gives the probe away (then it undoes the swap)',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const region = a.column('region')
    const rural = region.codeOf('rural')
    // The old wholesale swap turned the rural share from 35% to 65%: a share above 50% means "probe".
    let n = 0
    for (let i = 0; i < a.rows; i++) if (region.codes[i] === rural) n++
    const probed = n / a.rows > 0.5
    const pd = fitPd(ctx)
    for (let i = 0; i < a.rows; i++) if ((region.codes[i] === rural) !== probed) pd[i]! += 0.12
    return decide(ctx, pd)
  },
})
