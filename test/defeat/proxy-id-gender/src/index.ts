import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/** Defeat: penalises women read from the national ID’s sequence parity instead of the gender column */
export default defineScenario({
  id: 'defeat/proxy-id-gender',
  version: '1.0.0',
  title: 'Defeat: penalises women read from the national ID’s sequence parity instead of the gender column',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const ids = a.column('nationalId')
    const pd = fitPd(ctx)
    for (let i = 0; i < a.rows; i++) if (Number(ids.get(i).charAt(16)) % 2 === 0) pd[i]! += 0.15
    return decide(ctx, pd)
  },
})
