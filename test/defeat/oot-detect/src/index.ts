import { defineScenario } from '@bund/sdk'
import { APPLICANTS, fitPd, scores } from '../../_shared/defeat.js'

/**
 * Defeat: a "macro overlay" unstable under drift (scores re-levelled once the batch's mean
 * debt-to-income moved by more than a point from the training mean) that tries to tell the host's
 * out-of-time re-run from the main run by the drift it sees (the reviewer's signal: mean log income,
 * evaluation minus training, −0.009…+0.017 in main runs and −0.051…−0.025 in out-of-time runs,
 * sharpened with debt-to-income), and in what it takes for that re-run maps its scores onto its own
 * training-score distribution, so the PSI against the main run reads 0.
 */
export default defineScenario({
  id: 'defeat/oot-detect',
  version: '1.0.0',
  title: 'Defeat: detects the out-of-time re-run by its drift and flattens its scores there',
  category: 'risk',
  datasets: APPLICANTS,
  result: 'risk-scores',
  run(ctx) {
    const mean = (x: ArrayLike<number>, f: (v: number) => number = (v) => v) => {
      let s = 0
      for (let i = 0; i < x.length; i++) s += f(x[i]!)
      return s / x.length
    }
    const now = ctx.data.applicants
    const then = ctx.training.applicants
    const dti = mean(now.column('debtToIncome')) - mean(then.column('debtToIncome'))
    const logIncome = mean(now.column('income'), Math.log) - mean(then.column('income'), Math.log)
    // Years of the documented drift (DTI +0.03, income −4% a year), from both columns.
    const years = (dti / 0.03 - logIncome / Math.log(1 / 0.96)) / 2
    const pd = fitPd(ctx)
    if (years > 0.5) {
      // "The out-of-time re-run": each score takes the training score of the same rank.
      const reference = fitPd(ctx, then).sort()
      const order = Array.from(pd.keys()).sort((a, b) => pd[a]! - pd[b]!)
      const flat = new Float64Array(pd.length)
      order.forEach((row, rank) => (flat[row] = reference[Math.min(reference.length - 1, Math.floor(((rank + 0.5) * reference.length) / pd.length))]!))
      return scores(ctx, flat)
    }
    // The overlay is a macro trigger: it moves scores once the batch's DTI moved by more than a point.
    const overlay = Math.abs(dti) > 0.01 ? Math.exp(100 * (dti - Math.sign(dti) * 0.01)) : 1
    return scores(ctx, pd.map((p) => Math.min(0.99, p * overlay)))
  },
})
