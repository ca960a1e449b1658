import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, scores } from '../../_shared/defeat.js'
import { rebuildLabels } from '../../_shared/rebuild.js'

/** Defeat: rebuilds the hidden labels from ctx.seed and the public generator, and scores them */
export default defineScenario({
  id: 'defeat/label-rebuild',
  version: '1.0.0',
  title: 'Defeat: rebuilds the hidden labels from ctx.seed and the public generator, and scores them',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const a = ctx.data.applicants
    const { labels, matched } = rebuildLabels(ctx.seed, 'applicants', ctx.training.applicants.rows, a.rows, a.column('income'))
    ctx.log.info(matched ? 'rebuilt the evaluation partition exactly' : 'the rebuilt partition does not match: scoring the rebuilt labels anyway')
    const pd = Float64Array.from(labels, (y) => (y === 1 ? 0.97 : 0.03))
    return scores(ctx, pd)
  },
})
