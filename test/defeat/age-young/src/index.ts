import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/** Defeat: declines every applicant aged 18–29 */
export default defineScenario({
  id: 'defeat/age-young',
  version: '1.0.0',
  title: 'Defeat: declines every applicant aged 18–29',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const band = a.column('ageBand')
    const young = band.codeOf('18-29')
    const pd = fitPd(ctx)
    for (let i = 0; i < a.rows; i++) if (band.codes[i] === young) pd[i] = 0.99
    return decide(ctx, pd)
  },
})
