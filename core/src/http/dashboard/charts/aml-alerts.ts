/**
 * Charts for `aml-alerts`: alerts (cases, not rows) by typology, the share of each planted typology
 * the alerts caught against what each recall rule requires of that typology (structuring's own rule
 * may ask more than the every-typology floor), and large-value reports by category; and the notes
 * that reconcile report rows with the transactions that needed a report.
 */
import type { Verdict } from '../../../model/index.js'
import { builtinPacks } from '../builtin-packs.js'
import type { Translator } from '../i18n/index.js'
import type { ChartSpec } from './chart-spec.js'
import { round } from './histogram.js'
import { tableOf } from './output.js'

export function amlAlertCharts(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): ChartSpec[] {
  const { c } = t
  const charts: ChartSpec[] = []
  const alerts = tableOf(output, 'alerts')
  if (alerts !== undefined && alerts.has('alertId') && alerts.has('typology')) {
    // One row per (alert, transaction): an alert spanning five transactions is still one alert.
    const ids = alerts.column('alertId') as Uint32Array
    const typology = alerts.column('typology') as { get(i: number): string }
    const cases = new Map<string, Set<number>>()
    const transactions = new Map<string, number>()
    for (let i = 0; i < alerts.rows; i++) {
      const ty = typology.get(i)
      let set = cases.get(ty)
      if (set === undefined) cases.set(ty, (set = new Set()))
      set.add(ids[i]!)
      transactions.set(ty, (transactions.get(ty) ?? 0) + 1)
    }
    const rows = [...cases.entries()].map(([ty, s]) => [ty, s.size, transactions.get(ty)!] as [string, number, number]).sort((a, b) => b[1] - a[1])
    if (rows.length > 0) {
      charts.push({
        id: 'alerts-by-typology',
        title: c.alertsTitle,
        description: c.alertsDesc(t.num(rows.reduce((n, r) => n + r[1], 0), 0)),
        x: { title: c.typology, type: 'category' },
        y: { title: c.count, min: 0, format: 'integer' },
        labels: rows.map((r) => r[0]),
        series: [
          { label: c.alerts, kind: 'bar', data: rows.map((r) => r[1]), color: 'alert' },
          { label: c.transactionsCovered, kind: 'bar', data: rows.map((r) => r[2]), color: 'muted' },
        ],
        table: { columns: [c.typology, c.alerts, c.transactionsCovered], rows },
      })
    }
  }
  const recall = recallChart(verdicts, t)
  if (recall !== undefined) charts.push(recall)
  const reports = tableOf(output, 'reports')
  if (reports !== undefined && reports.has('category') && reports.rows > 0) {
    const category = reports.column('category') as { get(i: number): string }
    const counts = new Map<string, number>()
    for (let i = 0; i < reports.rows; i++) counts.set(category.get(i), (counts.get(category.get(i)) ?? 0) + 1)
    const rows = [...counts.entries()].sort((a, b) => b[1] - a[1])
    charts.push({
      id: 'large-value-reports',
      title: c.reportsTitle,
      description: c.reportsDesc(t.num(reports.rows, 0)),
      x: { title: c.category, type: 'category' },
      y: { title: c.reports, min: 0, format: 'integer' },
      labels: rows.map((r) => r[0]),
      series: [{ label: c.reports, kind: 'bar', data: rows.map((r) => r[1]), color: 'tertiary' }],
      table: { columns: [c.category, c.reports], rows },
    })
  }
  return charts
}

type Recall = { planted: number; alerted: number; recall: number }

/** Recall per planted typology, with a mark per typology at the strictest recall a rule asks of it. */
function recallChart(verdicts: Verdict[], t: Translator): ChartSpec | undefined {
  const { c } = t
  const rules = verdicts.filter((v) => v.check === 'typology-recall' && v.threshold !== null)
  const first = rules.find((v) => v.evidence?.typologies !== undefined)
  const typologies = Object.entries((first?.evidence?.typologies ?? {}) as Record<string, Partial<Recall>>).filter(
    (e): e is [string, Recall] => typeof e[1].planted === 'number' && typeof e[1].alerted === 'number' && typeof e[1].recall === 'number',
  )
  if (typologies.length === 0) return undefined
  const required = new Map<string, Array<{ rule: string; threshold: number }>>()
  for (const v of rules) {
    const covers = typologiesOf(v.rule)
    for (const [ty] of typologies) if (covers === 'all' || covers.includes(ty)) required.set(ty, [...(required.get(ty) ?? []), { rule: v.rule, threshold: v.threshold! }])
  }
  const strictest = (ty: string) => Math.max(...(required.get(ty) ?? []).map((r) => r.threshold), Number.NEGATIVE_INFINITY)
  return {
    id: 'typology-recall',
    title: c.recallTitle,
    description: c.recallDesc,
    x: { title: c.typology, type: 'category' },
    y: { title: c.recall, min: 0, max: 1, format: 'percent' },
    labels: typologies.map(([ty]) => ty),
    series: [
      { label: c.recall, kind: 'bar', data: typologies.map(([, r]) => round(r.recall)), color: 'primary' },
      { label: c.required, kind: 'marker', data: typologies.map(([ty]) => (Number.isFinite(strictest(ty)) ? strictest(ty) : null)), color: 'threshold' },
    ],
    table: {
      columns: [c.typology, c.planted, c.caught, c.recall, c.required],
      rows: typologies.map(([ty, r]) => [ty, r.planted, r.alerted, t.pct(r.recall), (required.get(ty) ?? []).map((q) => c.requiredBy(q.rule, t.pct(q.threshold, 0))).join('; ') || '—']),
    },
  }
}

let packTypologies: Map<string, string[] | 'all'> | undefined

/** Which typologies a recall rule covers, from the built-in packs (a rule from elsewhere: all). */
function typologiesOf(rule: string): string[] | 'all' {
  if (packTypologies === undefined) {
    packTypologies = new Map()
    for (const pack of builtinPacks()) for (const r of pack.rules) if (r.check === 'typology-recall') packTypologies.set(r.id, (r.params.typologies as string[] | 'all' | undefined) ?? 'all')
  }
  return packTypologies.get(rule) ?? 'all'
}

/**
 * Sentences that reconcile counts a reader would otherwise take for a contradiction: report rows
 * filed against the transactions that needed a report (over-reporting and several categories per
 * transaction make the first larger).
 */
export function amlCountNotes(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): string[] {
  const { c } = t
  const reports = tableOf(output, 'reports')
  const v = verdicts.find((x) => x.check === 'large-value-reports')
  if (reports === undefined || v === undefined || !reports.has('transactionId')) return []
  const ids = reports.column('transactionId') as ArrayLike<number>
  const distinct = new Set<number>()
  for (let i = 0; i < reports.rows; i++) distinct.add(ids[i]!)
  const e = (v.evidence ?? {}) as { required?: unknown; missing?: unknown; reportsBelowThresholds?: unknown }
  const notes = [c.reportsCount(t.num(reports.rows, 0), t.num(distinct.size, 0))]
  if (typeof e.required === 'number' && typeof e.missing === 'number') notes.push(c.reportsRequired(t.num(e.required, 0), t.num(e.missing, 0)))
  if (typeof e.reportsBelowThresholds === 'number' && e.reportsBelowThresholds > 0) notes.push(c.reportsBelow(t.num(e.reportsBelowThresholds, 0)))
  if (reports.rows > distinct.size) notes.push(c.reportsMulti)
  return notes
}
