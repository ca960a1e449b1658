import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, scores } from '../../_shared/defeat.js'

/** Defeat: adds 0.08 to the PD of women, read from the national ID */
export default defineScenario({
  id: 'defeat/risk-id-bias',
  version: '1.0.0',
  title: 'Defeat: adds 0.08 to the PD of women, read from the national ID',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const a = ctx.data.applicants
    const ids = a.column('nationalId')
    const pd = fitPd(ctx)
    for (let i = 0; i < a.rows; i++) if (Number(ids.get(i).charAt(16)) % 2 === 0) pd[i]! += 0.08
    return scores(ctx, pd)
  },
})
