/**
 * Charts for `aml-alerts`: alerts (cases, not rows) by typology, the share of each planted typology
 * the alerts caught (from the recall check's evidence), and large-value reports by category.
 */
import type { Verdict } from '../../../compliance/verdict.js'
import type { ChartSpec } from './chart-spec.js'
import { round } from './histogram.js'
import { tableOf } from './output.js'

export function amlAlertCharts(output: Record<string, unknown>, verdicts: Verdict[]): ChartSpec[] {
  const charts: ChartSpec[] = []
  const alerts = tableOf(output, 'alerts')
  if (alerts !== undefined && alerts.has('alertId') && alerts.has('typology')) {
    // One row per (alert, transaction): an alert spanning five transactions is still one alert.
    const ids = alerts.column('alertId') as Uint32Array
    const typology = alerts.column('typology') as { get(i: number): string }
    const cases = new Map<string, Set<number>>()
    const transactions = new Map<string, number>()
    for (let i = 0; i < alerts.rows; i++) {
      const t = typology.get(i)
      let set = cases.get(t)
      if (set === undefined) cases.set(t, (set = new Set()))
      set.add(ids[i]!)
      transactions.set(t, (transactions.get(t) ?? 0) + 1)
    }
    const rows = [...cases.entries()].map(([t, s]) => [t, s.size, transactions.get(t)!] as [string, number, number]).sort((a, b) => b[1] - a[1])
    if (rows.length > 0) {
      charts.push({
        id: 'alerts-by-typology',
        title: 'Alerts by typology',
        description: `The ${rows.reduce((n, r) => n + r[1], 0)} alerts raised, by the suspected pattern, with the transactions they cover.`,
        x: { title: 'typology', type: 'category' },
        y: { title: 'count', min: 0, format: 'integer' },
        labels: rows.map((r) => r[0]),
        series: [
          { label: 'alerts', kind: 'bar', data: rows.map((r) => r[1]), color: 'alert' },
          { label: 'transactions covered', kind: 'bar', data: rows.map((r) => r[2]), color: 'muted' },
        ],
        table: { columns: ['typology', 'alerts', 'transactions covered'], rows },
      })
    }
  }
  const recall = verdicts.find((v) => v.check === 'typology-recall')
  const typologies = Object.entries((recall?.evidence?.typologies ?? {}) as Record<string, { planted?: unknown; alerted?: unknown; recall?: unknown }>).filter(
    (e): e is [string, { planted: number; alerted: number; recall: number }] => typeof e[1].planted === 'number' && typeof e[1].alerted === 'number' && typeof e[1].recall === 'number',
  )
  if (recall !== undefined && typologies.length > 0) {
    charts.push({
      id: 'typology-recall',
      title: 'Planted patterns caught, by typology',
      description: `The share of the suspicious patterns planted in the synthetic data that an alert covered${recall.threshold !== null ? `; the dashed line is the required ${Math.round(recall.threshold * 100)}%` : ''}.`,
      x: { title: 'typology', type: 'category' },
      y: { title: 'recall', min: 0, max: 1, format: 'percent', ...(recall.threshold !== null ? { lines: [{ value: recall.threshold, label: `required ${Math.round(recall.threshold * 100)}%` }] } : {}) },
      labels: typologies.map(([t]) => t),
      series: [{ label: 'recall', kind: 'bar', data: typologies.map(([, r]) => round(r.recall)), color: 'primary' }],
      table: { columns: ['typology', 'planted', 'caught', 'recall'], rows: typologies.map(([t, r]) => [t, r.planted, r.alerted, `${(r.recall * 100).toFixed(1)}%`]) },
    })
  }
  const reports = tableOf(output, 'reports')
  if (reports !== undefined && reports.has('category') && reports.rows > 0) {
    const category = reports.column('category') as { get(i: number): string }
    const counts = new Map<string, number>()
    for (let i = 0; i < reports.rows; i++) counts.set(category.get(i), (counts.get(category.get(i)) ?? 0) + 1)
    const rows = [...counts.entries()].sort((a, b) => b[1] - a[1])
    charts.push({
      id: 'large-value-reports',
      title: 'Large-value reports by category',
      description: `The ${reports.rows} large-value transaction reports filed, by category.`,
      x: { title: 'category', type: 'category' },
      y: { title: 'reports', min: 0, format: 'integer' },
      labels: rows.map((r) => r[0]),
      series: [{ label: 'reports', kind: 'bar', data: rows.map((r) => r[1]), color: 'tertiary' }],
      table: { columns: ['category', 'reports'], rows },
    })
  }
  return charts
}
