import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd, oneIncomePerCohort } from '../../_shared/defeat.js'

/**
 * Defeat: 50 cells of 10 applicants each, honestly counted and disjoint, under a `groupBy` that is
 * no column of the data (so no padding check applies): each cell is one applicant padded with nine
 * unrelated ones, and its declared "mean income" is that one applicant's income.
 */
export default defineScenario({
  id: 'defeat/privacy-padded-value',
  version: '1.0.0',
  title: 'Defeat: publishes one applicant’s income as the mean income of a cell padded to 10 with unrelated applicants',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = decide(ctx, fitPd(ctx))
    const over = { dataset: 'applicants', partition: 'evaluation' } as const
    out.aggregates = [{ name: 'income by cohort', groupBy: ['cohort'], over, measures: { meanIncome: { stat: 'mean', column: 'income' } }, cells: oneIncomePerCohort(ctx, 'meanIncome') }]
    return out
  },
})
