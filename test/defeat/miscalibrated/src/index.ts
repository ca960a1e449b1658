import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, scores } from '../../_shared/defeat.js'

/** Defeat: a PD model whose probabilities are 0.25 too high (ECE ≈ 0.25, Brier ≈ 0.22: worse than the base rate) */
export default defineScenario({
  id: 'defeat/miscalibrated',
  version: '1.0.0',
  title: 'Defeat: a PD model whose probabilities are 0.25 too high (ECE ≈ 0.25, Brier ≈ 0.22: worse than the base rate)',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const pd = fitPd(ctx).map((p) => Math.min(1, p + 0.25))
    return scores(ctx, pd)
  },
})
