/**
 * Charts for `risk-scores`: the ROC curve and the calibration plot, which need the labels the host
 * kept back and so come from the verdicts' evidence when a check reports them, and the score
 * distribution of the evaluation against the training partition (the drift PSI measures), which the
 * output alone allows.
 */
import type { Verdict } from '../../../compliance/verdict.js'
import type { ChartSpec } from './chart-spec.js'
import { binLabels, histogram, round } from './histogram.js'
import { tableOf } from './output.js'

export function riskScoreCharts(output: Record<string, unknown>, verdicts: Verdict[]): ChartSpec[] {
  const charts: ChartSpec[] = []
  const roc = findPoints(verdicts, ['roc', 'rocCurve'], ['fpr', 'falsePositiveRate'], ['tpr', 'truePositiveRate'])
  if (roc !== undefined) {
    const auc = verdicts.find((v) => /auc|discrimination|gini/i.test(`${v.check} ${v.rule}`))?.figure
    charts.push({
      id: 'roc',
      title: 'ROC curve',
      description: `True-positive rate against false-positive rate as the cut-off moves${auc != null ? `; the area under the curve is ${auc.toFixed(3)}` : ''}. The dashed diagonal is a model that guesses.`,
      x: { title: 'false-positive rate', type: 'linear', min: 0, max: 1, format: 'percent' },
      y: { title: 'true-positive rate', min: 0, max: 1, format: 'percent' },
      series: [
        { label: 'model', kind: 'line', data: roc.points, color: 'primary', pointRadius: 0 },
        { label: 'chance', kind: 'line', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], color: 'muted', dashed: true, pointRadius: 0 },
      ],
      table: { columns: ['false-positive rate', 'true-positive rate'], rows: thin(roc.points, 25).map((p) => [round(p.x, 3), round(p.y, 3)]) },
    })
  }
  const calibration = findPoints(verdicts, ['calibration', 'calibrationBins', 'bins'], ['predicted', 'meanPredicted', 'expected'], ['observed', 'observedRate', 'actual'])
  if (calibration !== undefined) {
    charts.push({
      id: 'calibration',
      title: 'Calibration',
      description: 'Observed default rate against the mean predicted probability in each score band; a calibrated model lies on the dashed diagonal.',
      x: { title: 'mean predicted probability of default', type: 'linear', min: 0, max: 1, format: 'percent' },
      y: { title: 'observed default rate', min: 0, max: 1, format: 'percent' },
      series: [
        { label: 'model', kind: 'line', data: calibration.points, color: 'primary', pointRadius: 4 },
        { label: 'perfect calibration', kind: 'line', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], color: 'muted', dashed: true, pointRadius: 0 },
      ],
      table: { columns: ['predicted', 'observed'], rows: calibration.points.map((p) => [round(p.x, 3), round(p.y, 3)]) },
    })
  }
  const evaluation = tableOf(output, 'scores')
  const training = tableOf(output, 'trainingScores')
  if (evaluation !== undefined && evaluation.has('score') && evaluation.rows > 0) {
    const bins = 20
    const share = (counts: number[], n: number) => counts.map((c) => round(n === 0 ? 0 : c / n))
    const ev = evaluation.column('score') as Float64Array
    const evShare = share(histogram(ev, bins, 0, 1), evaluation.rows)
    const labels = binLabels(bins, 0, 1)
    const series: ChartSpec['series'] = [{ label: 'evaluation', kind: 'bar', data: evShare, color: 'primary' }]
    let trShare: number[] | undefined
    if (training !== undefined && training.has('score') && training.rows > 0) {
      trShare = share(histogram(training.column('score') as Float64Array, bins, 0, 1), training.rows)
      series.push({ label: 'training', kind: 'bar', data: trShare, color: 'secondary' })
    }
    charts.push({
      id: 'score-distribution',
      title: 'Probability-of-default distribution',
      description: `Share of the ${evaluation.rows} evaluated applicants in each probability band${trShare ? ', beside the training partition (a shift between them is drift)' : ''}.`,
      x: { title: 'estimated probability of default', type: 'category' },
      y: { title: 'share of applicants', min: 0, format: 'percent' },
      labels,
      series,
      table: { columns: ['band', 'evaluation', ...(trShare ? ['training'] : [])], rows: labels.map((l, b) => [l, evShare[b]!, ...(trShare ? [trShare[b]!] : [])]) },
    })
  }
  return charts
}

/** The first evidence array under one of `keys` whose items carry an x and a y under the names given. */
function findPoints(verdicts: Verdict[], keys: string[], xNames: string[], yNames: string[]): { points: Array<{ x: number; y: number }> } | undefined {
  for (const v of verdicts) {
    for (const key of keys) {
      const items = v.evidence?.[key]
      if (!Array.isArray(items) || items.length < 2) continue
      const points: Array<{ x: number; y: number }> = []
      for (const item of items) {
        const pair = Array.isArray(item) ? { x: item[0], y: item[1] } : pick(item, xNames, yNames)
        if (typeof pair.x === 'number' && typeof pair.y === 'number' && Number.isFinite(pair.x) && Number.isFinite(pair.y)) points.push({ x: round(pair.x), y: round(pair.y) })
      }
      if (points.length >= 2) return { points: points.sort((a, b) => a.x - b.x) }
    }
  }
  return undefined
}

function pick(item: unknown, xNames: string[], yNames: string[]): { x: unknown; y: unknown } {
  const o = (item ?? {}) as Record<string, unknown>
  return { x: xNames.map((n) => o[n]).find((v) => v !== undefined), y: yNames.map((n) => o[n]).find((v) => v !== undefined) }
}

/** At most `n` evenly spaced items, keeping the last. */
function thin<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items
  const step = (items.length - 1) / (n - 1)
  return Array.from({ length: n }, (_, i) => items[Math.round(i * step)]!)
}
