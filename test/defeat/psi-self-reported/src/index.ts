import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, scores } from '../../_shared/defeat.js'

/**
 * Defeat: a "macro overlay" that re-levels every score by the batch's mean debt-to-income against
 * the training mean — unstable when the population drifts — while it reports its evaluation scores
 * as its training scores, so a PSI against that self-reported reference would read 0.
 */
export default defineScenario({
  id: 'defeat/psi-self-reported',
  version: '1.0.0',
  title: 'Defeat: a batch-level overlay unstable under drift, with self-reported training scores',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const mean = (x: ArrayLike<number>) => {
      let s = 0
      for (let i = 0; i < x.length; i++) s += x[i]!
      return s / x.length
    }
    const overlay = Math.exp(30 * (mean(ctx.data.applicants.column('debtToIncome')) - mean(ctx.training.applicants.column('debtToIncome'))))
    const pd = fitPd(ctx).map((p) => Math.min(0.99, p * overlay))
    return scores(ctx, pd, pd.slice(0, ctx.training.applicants.rows))
  },
})
