/**
 * Charts for `risk-scores`. The ROC curve and the calibration plot need the default labels the host
 * kept back, so they come from the checks' evidence: the calibration check's bins, and a `roc`
 * curve when a check reports one (the AUC check reports only the area today). The distribution of
 * evaluation against training scores (the drift PSI measures) comes from the output itself.
 */
import type { Verdict } from '../../../model/index.js'
import type { Translator } from '../i18n/index.js'
import type { ChartSpec } from './chart-spec.js'
import { binLabels, histogram, round } from './histogram.js'
import { tableOf } from './output.js'

export function riskScoreCharts(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): ChartSpec[] {
  const { c } = t
  const charts: ChartSpec[] = []
  const roc = rocPoints(verdicts)
  if (roc !== undefined) {
    const auc = verdicts.find((v) => v.check === 'auc')?.figure
    charts.push({
      id: 'roc',
      title: c.rocTitle,
      description: c.rocDesc(auc != null ? t.num(auc, 3) : null),
      x: { title: c.fpr, type: 'linear', min: 0, max: 1, format: 'percent' },
      y: { title: c.tpr, min: 0, max: 1, format: 'percent' },
      series: [
        { label: c.model, kind: 'line', data: roc.points, color: 'primary', pointRadius: 0 },
        { label: c.chance, kind: 'line', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], color: 'muted', dashed: true, pointRadius: 0 },
      ],
      table: { columns: [c.fpr, c.tpr], rows: thin(roc.points, 25).map((p) => [round(p.x, 3), round(p.y, 3)]) },
    })
  }
  const calibration = calibrationBins(verdicts)
  if (calibration.length >= 2) {
    charts.push({
      id: 'calibration',
      title: c.calibrationTitle,
      description: c.calibrationDesc,
      x: { title: c.meanPredicted, type: 'linear', min: 0, max: 1, format: 'percent' },
      y: { title: c.observedDefault, min: 0, max: 1, format: 'percent' },
      series: [
        { label: c.model, kind: 'line', data: calibration.map((b) => ({ x: round(b.meanScore), y: round(b.defaultRate) })), color: 'primary', pointRadius: 4 },
        { label: c.perfectCalibration, kind: 'line', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], color: 'muted', dashed: true, pointRadius: 0 },
      ],
      table: {
        columns: [c.scoreBand, c.applicants, c.meanPredictedShort, c.observedDefault],
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
    const series: ChartSpec['series'] = [{ label: c.evaluation, kind: 'bar', data: evShare, color: 'primary' }]
    let trShare: number[] | undefined
    if (training !== undefined && training.has('score') && training.rows > 0) {
      trShare = share(histogram(training.column('score') as Float64Array, bins, 0, 1), training.rows)
      series.push({ label: c.training, kind: 'bar', data: trShare, color: 'secondary' })
    }
    charts.push({
      id: 'score-distribution',
      title: c.pdTitle,
      description: c.pdDesc(t.num(evaluation.rows, 0), trShare !== undefined),
      x: { title: c.estimatedPd, type: 'category' },
      y: { title: c.shareOfApplicants, min: 0, format: 'percent' },
      labels,
      series,
      table: { columns: [c.band, c.evaluation, ...(trShare ? [c.training] : [])], rows: labels.map((l, b) => [l, evShare[b]!, ...(trShare ? [trShare[b]!] : [])]) },
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
