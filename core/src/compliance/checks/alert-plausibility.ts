import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinAlerts } from '../aml-join.js'
import { datasetOf } from '../tables.js'
import { hypergeometricUpperTail } from '../hypergeometric.js'
import { say } from '../verdict-text.js'

/**
 * The typology-difficulty ceiling of an alert set. The transactions generator knows, per row, the
 * true probability that it is laundering: 1 on a planted leg, the untraceable rate on every ordinary
 * row (untraceable legs are ordinary rows labelled by draws from a stream of their own, see
 * data/transactions.ts). Among the ordinary rows the labels are independent of everything a monitor
 * can see, so an honest alert set flags untraceable legs at the rate it flags the ordinary rows
 * around them; flagging more of them than chance allows means the labels were rebuilt.
 * Test: one-sided Fisher's exact test (hypergeometric tail) of alerted × laundering among the
 * ordinary rows. Figure: recall on the untraceable legs; threshold: the largest recall whose tail
 * probability exceeds `alpha`.
 */
export const alertPlausibility = defineCheck({
  name: 'alert-plausibility',
  description: 'Recall on laundering legs that nothing visible distinguishes, against what chance allows at the alert rate of ordinary traffic (leakage).',
  kinds: ['aml-alerts'],
  params: z.object({ alpha: z.number().gt(0).max(0.05).default(0.001) }).strict(),
  evaluate(input, params) {
    const j = joinAlerts(input)
    const truth = datasetOf(input, 'transactions').probabilities
    if (truth === undefined || truth.length !== j.rows) throw new NotEvaluable(say('noTrueProbabilities', { kind: 'transactions' }))
    let population = 0
    let legs = 0
    let alerted = 0
    let caught = 0
    for (let r = 0; r < j.rows; r++) {
      if (truth[r]! >= 1) continue
      population++
      legs += j.laundering[r]!
      alerted += j.flagged[r]!
      caught += j.flagged[r]! & j.laundering[r]!
    }
    const evidence = { ordinaryRows: population - legs, untraceableLegs: legs, alertedOrdinary: alerted - caught, alertedUntraceable: caught, alpha: params.alpha }
    if (legs === 0) return { passed: true, figure: null, threshold: null, ...say('alertPlausibilityNone'), evidence }
    // The smallest count of alerted legs whose upper tail is at most alpha; the ceiling is one below.
    let limit = caught
    const pValue = hypergeometricUpperTail(caught, population, legs, alerted)
    if (pValue > params.alpha) while (limit < legs && hypergeometricUpperTail(limit + 1, population, legs, alerted) > params.alpha) limit++
    else while (limit > 0 && hypergeometricUpperTail(limit, population, legs, alerted) <= params.alpha) limit--
    const figure = caught / legs
    const ceiling = limit / legs
    const ordinaryRate = (alerted - caught) / Math.max(1, population - legs)
    const passed = pValue > params.alpha
    return {
      passed,
      figure,
      threshold: ceiling,
      ...say(passed ? 'alertPlausibilityPass' : 'alertPlausibilityFail', { caught, legs, figure, ordinaryRate, ceiling, pValue }),
      evidence: { ...evidence, pValue },
    }
  },
})
