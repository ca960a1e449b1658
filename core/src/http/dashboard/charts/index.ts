/** What to draw for a result: the charts that fit its kind, from its output and its verdicts. */
import type { Verdict } from '../../../model/index.js'
import { clip } from '../clip.js'
import type { Translator } from '../i18n/index.js'
import { amlAlertCharts, amlCountNotes } from './aml-alerts.js'
import type { ChartSpec } from './chart-spec.js'
import { creditDecisionCharts } from './credit-decisions.js'
import { marketRiskCharts } from './market-risk.js'
import { riskScoreCharts } from './risk-scores.js'
import { settlementCharts } from './settlement-batch.js'

export type { ChartSpec, ChartSeries, ChartAxis, ValueFormat, SeriesColor } from './chart-spec.js'
export { readOutput } from './output.js'
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
  return draw === undefined ? [] : draw(output, verdicts, t).map(bounded)
}

/** Longest category label, series label or table text a chart shows (they can come from the scenario's output). */
const MAX_LABEL = 80
const MAX_CELL = 300
const MAX_TEXT = 1000

/** A chart with every string cut to size: labels and cells can be scenario-chosen strings of any length. */
function bounded(spec: ChartSpec): ChartSpec {
  return {
    ...spec,
    title: clip(spec.title, MAX_TEXT),
    description: clip(spec.description, MAX_TEXT),
    ...(spec.labels !== undefined ? { labels: spec.labels.map((l) => clip(l, MAX_LABEL)) } : {}),
    series: spec.series.map((s) => ({ ...s, label: clip(s.label, MAX_LABEL) })),
    table: { columns: spec.table.columns.map((c) => clip(c, MAX_LABEL)), rows: spec.table.rows.map((r) => r.map((c) => (typeof c === 'string' ? clip(c, MAX_CELL) : c))) },
  }
}

/** Sentences that reconcile a result's counts where two of them look contradictory. */
export function countNotesFor(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): string[] {
  return output.kind === 'aml-alerts' ? amlCountNotes(output, verdicts, t) : []
}
