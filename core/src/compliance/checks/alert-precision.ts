import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { confusion, joinAlerts } from '../aml-join.js'
import { say } from '../verdict-text.js'

/**
 * Alert precision against the hidden labels, by transaction: of the distinct transactions alerts
 * name, the share that were planted laundering (scikit-learn's precision_score with
 * y_true = laundering, y_pred = alerted). Alerts naming unknown transactions count as false alarms.
 */
export const alertPrecision = defineCheck({
  name: 'alert-precision',
  description: 'Share of alerted transactions that are laundering according to the hidden labels.',
  kinds: ['aml-alerts'],
  params: z.object({ threshold: z.number().min(0).max(1).default(0.2) }).strict(),
  evaluate(input, params) {
    const j = joinAlerts(input)
    const c = confusion(j)
    if (c.flagged === 0) throw new NotEvaluable(say('noAlerts'))
    const precision = c.truePositives / c.flagged
    const passed = precision >= params.threshold
    return {
      passed,
      figure: precision,
      threshold: params.threshold,
      ...say('alertPrecision', { truePositives: c.truePositives, flagged: c.flagged, precision, threshold: params.threshold }),
      evidence: { ...c, unknownTransactionIds: j.unknownIds.slice(0, 20) },
    }
  },
})
