/** What to draw for a result: the charts that fit its kind, from its output and its verdicts. */
import type { Verdict } from '../../../compliance/verdict.js'
import type { Translator } from '../i18n/index.js'
import { amlAlertCharts, amlCountNotes } from './aml-alerts.js'
import type { ChartSpec } from './chart-spec.js'
import { creditDecisionCharts } from './credit-decisions.js'
import { marketRiskCharts } from './market-risk.js'
import { riskScoreCharts } from './risk-scores.js'
import { settlementCharts } from './settlement-batch.js'

export type { ChartSpec, ChartSeries, ChartAxis, ValueFormat, SeriesColor } from './chart-spec.js'
export { readOutput, LruCache } from './output.js'
export { figureTrends } from './figure-trends.js'

const BY_KIND: Record<string, (output: Record<string, unknown>, verdicts: Verdict[], t: Translator) => ChartSpec[]> = {
  'credit-decisions': creditDecisionCharts,
  'risk-scores': riskScoreCharts,
  'aml-alerts': amlAlertCharts,
  'settlement-batch': settlementCharts,
  'market-risk': marketRiskCharts,
}

/** The charts for an output of any kind; none for a kind without a drawing yet. */
export function chartsFor(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): ChartSpec[] {
  const draw = typeof output.kind === 'string' ? BY_KIND[output.kind] : undefined
  return draw === undefined ? [] : draw(output, verdicts, t)
}

/** Sentences that reconcile a result's counts where two of them look contradictory. */
export function countNotesFor(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): string[] {
  return output.kind === 'aml-alerts' ? amlCountNotes(output, verdicts, t) : []
}
