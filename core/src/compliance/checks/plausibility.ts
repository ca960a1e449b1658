import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinScores, requireBothClasses } from '../risk-join.js'
import { sortScores } from '../sort-scores.js'
import { rocAuc } from './auc.js'
import { brierScore } from './brier.js'
import { ksStatistic } from './ks.js'
import { say } from '../verdict-text.js'

/** KS's critical coefficient at α = 0.01 (Smirnov): c(α) = sqrt(−ln(α/2)/2). */
const KS_C_001 = Math.sqrt(-Math.log(0.005) / 2)

/**
 * Plausibility ceilings from the generator: it knows each evaluated row's true probability of
 * default, so the best any model can do on these very rows is what that probability scores (the
 * Bayes-optimal forecast). A label-based figure beyond that ceiling, allowing for sampling noise,
 * means the model saw the labels: held as "implausible: leakage suspected". Allowances: AUC, the
 * oracle's AUC + z Hanley–McNeil (1982) standard errors; KS, the oracle's KS + c(0.01)·√((P+N)/PN)
 * (Smirnov); Brier, the oracle's Brier − z standard errors of its per-row squared error.
 */
export const plausibility = defineCheck({
  name: 'plausibility',
  description: 'A label-based figure beyond what the true default probabilities score on the same rows (leakage).',
  kinds: ['risk-scores'],
  params: z.object({ metric: z.enum(['auc', 'ks', 'brier']), z: z.number().min(1).max(10).default(3) }).strict(),
  evaluate(input, params) {
    const j = joinScores(input)
    requireBothClasses(j)
    const truth = j.dataset.probabilities
    if (truth === undefined || truth.length !== j.score.length) throw new NotEvaluable(say('noTrueProbabilities', { kind: j.dataset.kind }))
    const P = j.positives.length
    const N = j.negatives.length
    const oraclePositives = new Float64Array(P)
    const oracleNegatives = new Float64Array(N)
    for (let r = 0, p = 0, n = 0; r < truth.length; r++) {
      if (j.label[r] === 1) oraclePositives[p++] = truth[r]!
      else oracleNegatives[n++] = truth[r]!
    }
    sortScores(oraclePositives)
    sortScores(oracleNegatives)
    let figure: number
    let oracle: number
    let bound: number
    if (params.metric === 'auc') {
      figure = rocAuc(j.positives, j.negatives)
      oracle = rocAuc(oraclePositives, oracleNegatives)
      bound = oracle + params.z * hanleyMcNeil(oracle, P, N)
    } else if (params.metric === 'ks') {
      figure = ksStatistic(j.positives, j.negatives).ks
      oracle = ksStatistic(oraclePositives, oracleNegatives).ks
      bound = oracle + KS_C_001 * Math.sqrt((P + N) / (P * N))
    } else {
      figure = brierScore(j.score, j.label)
      oracle = brierScore(truth, j.label)
      bound = oracle - params.z * squaredErrorSe(truth, j.label)
    }
    const passed = params.metric === 'brier' ? figure >= bound : figure <= bound
    return {
      passed,
      figure,
      threshold: bound,
      ...say(passed ? 'plausibilityPass' : 'plausibilityFail', { metric: params.metric, figure, bound, oracle }),
      evidence: { metric: params.metric, oracle, bound, defaults: P, nonDefaults: N },
    }
  },
})

/** Hanley & McNeil (1982) standard error of an AUC of A with P positives and N negatives. */
export function hanleyMcNeil(A: number, P: number, N: number): number {
  const q1 = A / (2 - A)
  const q2 = (2 * A * A) / (1 + A)
  return Math.sqrt((A * (1 - A) + (P - 1) * (q1 - A * A) + (N - 1) * (q2 - A * A)) / (P * N))
}

/** Standard error of a mean of per-row squared errors (p − y)². */
function squaredErrorSe(p: Float64Array, y: Uint8Array): number {
  const n = p.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += (p[i]! - y[i]!) ** 2
  mean /= n
  let ss = 0
  for (let i = 0; i < n; i++) ss += ((p[i]! - y[i]!) ** 2 - mean) ** 2
  return Math.sqrt(ss / (n - 1) / n)
}
