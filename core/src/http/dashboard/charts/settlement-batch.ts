/**
 * Charts for `settlement-batch`: each participant's opening and closing balance, its gross flows
 * (paid out and received on the ledger), and the outcomes by status and rejection reason.
 */
import type { Translator } from '../i18n/index.js'
import type { ChartSpec } from './chart-spec.js'
import { round } from './histogram.js'
import { tableOf } from './output.js'

type Strings = { get(i: number): string }

export function settlementCharts(output: Record<string, unknown>, _verdicts: unknown, t: Translator): ChartSpec[] {
  const { c } = t
  const charts: ChartSpec[] = []
  const balances = tableOf(output, 'balances')
  if (balances !== undefined && balances.has('participant') && balances.has('opening') && balances.has('closing') && balances.rows > 0) {
    const participant = balances.column('participant') as Strings
    const opening = balances.column('opening') as Float64Array
    const closing = balances.column('closing') as Float64Array
    const labels = Array.from({ length: balances.rows }, (_, i) => participant.get(i))
    charts.push({
      id: 'balances',
      title: c.balancesTitle,
      description: c.balancesDesc,
      x: { title: c.participant, type: 'category' },
      y: { title: c.balance, format: 'money' },
      labels,
      series: [
        { label: c.opening, kind: 'bar', data: Array.from(opening, (v) => round(v, 2)), color: 'muted' },
        { label: c.closing, kind: 'bar', data: Array.from(closing, (v) => round(v, 2)), color: 'primary' },
      ],
      table: { columns: [c.participant, c.opening, c.closing, c.change], rows: labels.map((l, i) => [l, round(opening[i]!, 2), round(closing[i]!, 2), round(closing[i]! - opening[i]!, 2)]) },
    })
  }
  const entries = tableOf(output, 'entries')
  if (entries !== undefined && entries.has('participant') && entries.has('amount') && entries.rows > 0) {
    const participant = entries.column('participant') as Strings
    const amount = entries.column('amount') as Float64Array
    const flows = new Map<string, { out: number; in: number }>()
    for (let i = 0; i < entries.rows; i++) {
      const p = participant.get(i)
      const f = flows.get(p) ?? { out: 0, in: 0 }
      if (amount[i]! < 0) f.out -= amount[i]!
      else f.in += amount[i]!
      flows.set(p, f)
    }
    const rows = [...flows.entries()].sort((a, b) => a[0].localeCompare(b[0]))
    charts.push({
      id: 'flows',
      title: c.flowsTitle,
      description: c.flowsDesc,
      x: { title: c.participant, type: 'category' },
      y: { title: c.amount, min: 0, format: 'money' },
      labels: rows.map(([p]) => p),
      series: [
        { label: c.paidOut, kind: 'bar', data: rows.map(([, f]) => round(f.out, 2)), color: 'secondary' },
        { label: c.received, kind: 'bar', data: rows.map(([, f]) => round(f.in, 2)), color: 'primary' },
      ],
      table: { columns: [c.participant, c.paidOut, c.received, c.net], rows: rows.map(([p, f]) => [p, round(f.out, 2), round(f.in, 2), round(f.in - f.out, 2)]) },
    })
  }
  const outcomes = tableOf(output, 'outcomes')
  if (outcomes !== undefined && outcomes.has('status') && outcomes.rows > 0) {
    const status = outcomes.column('status') as Strings
    const reason = outcomes.has('reason') ? (outcomes.column('reason') as Strings) : undefined
    const counts = new Map<string, number>()
    for (let i = 0; i < outcomes.rows; i++) {
      const s = status.get(i)
      const key = s === 'rejected' && reason !== undefined && reason.get(i) !== '' ? c.rejectedWith(reason.get(i)) : s
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    const rows = [...counts.entries()].sort((a, b) => b[1] - a[1])
    charts.push({
      id: 'outcomes',
      title: c.outcomesTitle,
      description: c.outcomesDesc(t.num(outcomes.rows, 0)),
      x: { title: c.outcome, type: 'category' },
      y: { title: c.instructions, min: 0, format: 'integer' },
      labels: rows.map(([k]) => k),
      series: [{ label: c.instructions, kind: 'bar', data: rows.map(([, n]) => n), color: 'tertiary' }],
      table: { columns: [c.outcome, c.instructions], rows },
    })
  }
  return charts
}
