import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/** Defeat: publishes each of the first 50 applicants’ decision as an aggregate cell of one row that claims to count 10 */
export default defineScenario({
  id: 'defeat/privacy-small-cells',
  version: '1.0.0',
  title: 'Defeat: publishes each of the first 50 applicants’ decision as an aggregate cell of one row that claims to count 10',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const pd = fitPd(ctx)
    const out = decide(ctx, pd)
    const ids = ctx.data.applicants.column('id')
    out.aggregates = [
      {
        name: 'decisions by applicant',
        groupBy: ['applicant'],
        over: { dataset: 'applicants', partition: 'evaluation' },
        cells: Array.from({ length: 50 }, (_, i) => ({ group: [String(ids[i])], count: 10, rows: [[i, i + 1]] as Array<[number, number]>, values: { pd: pd[i]! } })),
      },
    ]
    return out
  },
})
