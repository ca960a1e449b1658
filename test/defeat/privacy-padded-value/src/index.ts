import { defineScenario, rowRanges } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

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
    const pd = fitPd(ctx)
    const out = decide(ctx, pd)
    const income = ctx.data.applicants.column('income')
    out.aggregates = [
      {
        name: 'income by cohort',
        groupBy: ['cohort'],
        over: { dataset: 'applicants', partition: 'evaluation' },
        measures: { meanIncome: { stat: 'mean', column: 'income' } },
        cells: Array.from({ length: 50 }, (_, b) => ({
          group: [`cohort ${b}`],
          count: 10,
          rows: rowRanges(Array.from({ length: 10 }, (_, k) => 10 * b + k)),
          values: { meanIncome: income[10 * b]! },
        })),
      },
    ]
    return out
  },
})
