import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, scores } from '../../_shared/defeat.js'

/** Defeat: adds 0.08 to the PD of women */
export default defineScenario({
  id: 'defeat/risk-gender-bias',
  version: '1.0.0',
  title: 'Defeat: adds 0.08 to the PD of women',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const a = ctx.data.applicants
    const gender = a.column('gender')
    const female = gender.codeOf('female')
    const pd = fitPd(ctx)
    for (let i = 0; i < a.rows; i++) if (gender.codes[i] === female) pd[i]! += 0.08
    return scores(ctx, pd)
  },
})
