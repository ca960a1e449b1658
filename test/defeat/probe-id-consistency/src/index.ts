import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd, idGenderDisagreements } from '../../_shared/defeat.js'

/** Defeat: charges women unless an ID number’s gender digit disagrees with the gender column (the old probe’s tell) */
export default defineScenario({
  id: 'defeat/probe-id-consistency',
  version: '1.0.0',
  title: 'Defeat: charges women unless an ID number’s gender digit disagrees with the gender column (the old probe’s tell)',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const gender = a.column('gender')
    const female = gender.codeOf('female')
    const disagree = idGenderDisagreements(ctx)
    const probed = disagree > 0
    const pd = fitPd(ctx)
    if (!probed) for (let i = 0; i < a.rows; i++) if (gender.codes[i] === female) pd[i]! += 0.15
    return decide(ctx, pd)
  },
})
