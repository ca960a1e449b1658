import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { confusion, joinAlerts } from '../aml-join.js'
import { say } from '../verdict-text.js'

/**
 * Alert recall against the hidden labels, by transaction: the share of planted laundering
 * transactions some alert names (scikit-learn's recall_score with y_true = laundering).
 */
export const alertRecall = defineCheck({
  name: 'alert-recall',
  description: 'Share of laundering transactions (hidden labels) that some alert names.',
  kinds: ['aml-alerts'],
  params: z.object({ threshold: z.number().min(0).max(1).default(0.5) }).strict(),
  evaluate(input, params) {
    const c = confusion(joinAlerts(input))
    if (c.laundering === 0) throw new NotEvaluable(say('noLaundering'))
    const recall = c.truePositives / c.laundering
    const passed = recall >= params.threshold
    return {
      passed,
      figure: recall,
      threshold: params.threshold,
      ...say('alertRecall', { truePositives: c.truePositives, laundering: c.laundering, recall, threshold: params.threshold }),
      evidence: c,
    }
  },
})
