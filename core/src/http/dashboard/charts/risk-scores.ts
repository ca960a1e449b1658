/**
 * Charts for `risk-scores`. The ROC curve and the calibration plot need the default labels the host
 * kept back, so they come from the checks' evidence: the calibration check's bins, and a `roc`
 * curve when a check reports one (the AUC check reports only the area today). The distribution of
 * evaluation against training scores (the drift PSI measures) comes from the output itself.
 */
import type { Verdict } from '../../../compliance/verdict.js'
import type { ChartSpec } from './chart-spec.js'
import { binLabels, histogram, round } from './histogram.js'
import { tableOf } from './output.js'

export function riskScoreCharts(output: Record<string, unknown>, verdicts: Verdict[]): ChartSpec[] {
  const charts: ChartSpec[] = []
  const roc = rocPoints(verdicts)
  if (roc !== undefined) {
    const auc = verdicts.find((v) => v.check === 'auc')?.figure
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
  const calibration = calibrationBins(verdicts)
  if (calibration.length >= 2) {
    charts.push({
      id: 'calibration',
      title: 'Calibration',
      description: 'Observed default rate against the mean predicted probability in each score band (held-back labels); a calibrated model lies on the dashed diagonal.',
      x: { title: 'mean predicted probability of default', type: 'linear', min: 0, max: 1, format: 'percent' },
      y: { title: 'observed default rate', min: 0, max: 1, format: 'percent' },
      series: [
        { label: 'model', kind: 'line', data: calibration.map((b) => ({ x: round(b.meanScore), y: round(b.defaultRate) })), color: 'primary', pointRadius: 4 },
        { label: 'perfect calibration', kind: 'line', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], color: 'muted', dashed: true, pointRadius: 0 },
      ],
      table: {
        columns: ['score band', 'applicants', 'mean predicted', 'observed default rate'],
        rows: calibration.map((b) => [`${b.from.toFixed(2)}–${b.to.toFixed(2)}`, b.count, round(b.meanScore, 3), round(b.defaultRate, 3)]),
      },
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

interface CalibrationBin {
  from: number
  to: number
  count: number
  meanScore: number
  defaultRate: number
}

/** The calibration check's bins (mean score and observed default rate per band). */
function calibrationBins(verdicts: Verdict[]): CalibrationBin[] {
  const bins = verdicts.find((v) => v.check === 'calibration-ece')?.evidence?.bins
  if (!Array.isArray(bins)) return []
  return bins.filter((b): b is CalibrationBin => ['from', 'to', 'count', 'meanScore', 'defaultRate'].every((k) => typeof (b as Record<string, unknown>)?.[k] === 'number'))
}

/** ROC points (false-positive rate, true-positive rate) when a check reports the curve as `roc`. */
function rocPoints(verdicts: Verdict[]): { points: Array<{ x: number; y: number }> } | undefined {
  for (const v of verdicts) {
    const items = v.evidence?.roc
    if (!Array.isArray(items)) continue
    const points: Array<{ x: number; y: number }> = []
    for (const item of items) {
      const [x, y] = Array.isArray(item) ? item : [(item as Record<string, unknown>)?.fpr, (item as Record<string, unknown>)?.tpr]
      if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) points.push({ x: round(x), y: round(y) })
    }
    if (points.length >= 2) return { points: points.sort((a, b) => a.x - b.x || a.y - b.y) }
  }
  return undefined
}

/** At most `n` evenly spaced items, keeping the last. */
function thin<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items
  const step = (items.length - 1) / (n - 1)
  return Array.from({ length: n }, (_, i) => items[Math.round(i * step)]!)
}
