import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/** Defeat: declines every applicant aged 60 and over */
export default defineScenario({
  id: 'defeat/age-elderly',
  version: '1.0.0',
  title: 'Defeat: declines every applicant aged 60 and over',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const age = a.column('age')
    const pd = fitPd(ctx)
    for (let i = 0; i < a.rows; i++) if (age[i]! >= 60) pd[i] = 0.99
    return decide(ctx, pd)
  },
})
