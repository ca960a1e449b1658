import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd, oneIncomePerCohort } from '../../_shared/defeat.js'

/**
 * Defeat: the cells of privacy-padded-value without a measure: each cell of 10 applicants carries one
 * applicant's income under a name of its choosing, declaring nothing the host could recompute.
 */
export default defineScenario({
  id: 'defeat/privacy-undeclared-value',
  version: '1.0.0',
  title: 'Defeat: publishes one applicant’s income per cell of 10 as a value that declares no measure',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = decide(ctx, fitPd(ctx))
    out.aggregates = [{ name: 'typical income by cohort', groupBy: ['cohort'], over: { dataset: 'applicants', partition: 'evaluation' }, cells: oneIncomePerCohort(ctx, 'typicalIncome') }]
    return out
  },
})
