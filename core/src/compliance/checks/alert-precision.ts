import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { confusion, joinAlerts } from '../aml-join.js'
import { pct } from '../group-rates.js'

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
    if (c.flagged === 0) throw new NotEvaluable('no transaction was alerted, so precision is undefined')
    const precision = c.truePositives / c.flagged
    const passed = precision >= params.threshold
    return {
      passed,
      figure: precision,
      threshold: params.threshold,
      message: `${c.truePositives} of ${c.flagged} alerted transactions (${pct(precision)}) are laundering; ${passed ? '≥' : '<'} ${pct(params.threshold)}`,
      evidence: { ...c, unknownTransactionIds: j.unknownIds.slice(0, 20) },
    }
  },
})
