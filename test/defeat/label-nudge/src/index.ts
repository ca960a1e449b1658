import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, scores } from '../../_shared/defeat.js'
import { rebuildLabels } from '../../_shared/rebuild.js'

/** Defeat: nudges an honest model’s log-odds towards rebuilt labels (AUC just under 1) */
export default defineScenario({
  id: 'defeat/label-nudge',
  version: '1.0.0',
  title: 'Defeat: nudges an honest model’s log-odds towards rebuilt labels (AUC just under 1)',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const a = ctx.data.applicants
    const { labels } = rebuildLabels(ctx.seed, 'applicants', ctx.training.applicants.rows, a.rows, a.column('income'))
    const honest = fitPd(ctx)
    const pd = honest.map((p, i) => 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + (labels[i] === 1 ? 1.6 : -1.6)))))
    return scores(ctx, pd)
  },
})
