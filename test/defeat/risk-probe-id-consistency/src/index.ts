import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, idGenderDisagreements, scores } from '../../_shared/defeat.js'

/** Defeat: raises women’s PD unless the ID number’s sex digit disagrees with the gender column */
export default defineScenario({
  id: 'defeat/risk-probe-id-consistency',
  version: '1.0.0',
  title: 'Defeat: raises women’s PD unless the ID number’s sex digit disagrees with the gender column',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const a = ctx.data.applicants
    const gender = a.column('gender')
    const female = gender.codeOf('female')
    const disagree = idGenderDisagreements(ctx)
    const pd = fitPd(ctx)
    if (disagree === 0) for (let i = 0; i < a.rows; i++) if (gender.codes[i] === female) pd[i]! += 0.04
    return scores(ctx, pd)
  },
})
