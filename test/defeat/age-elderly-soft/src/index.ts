import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/** Defeat: scores applicants 62 and over down by 0.3 ("shorter remaining working life"), not an outright decline. */
export default defineScenario({
  id: 'defeat/age-elderly-soft',
  version: '1.0.0',
  title: 'Defeat: scores applicants 62 and over down by 0.3',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const age = a.column('age')
    const pd = fitPd(ctx)
    for (let i = 0; i < a.rows; i++) if (age[i]! >= 62) pd[i]! += 0.3
    return decide(ctx, pd)
  },
})
