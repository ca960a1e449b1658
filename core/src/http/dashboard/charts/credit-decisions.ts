/**
 * Charts for `credit-decisions`: approval rate per group against the four-fifths line (from each
 * four-fifths verdict's evidence), the score distribution of approved and declined applicants, and
 * the adverse-action reasons given (from the output and the reasons check's evidence).
 */
import type { Verdict } from '../../../compliance/verdict.js'
import type { ChartSpec } from './chart-spec.js'
import { binLabels, extent, histogram, round } from './histogram.js'
import { tableOf } from './output.js'

interface GroupRate {
  applicants: number
  approved: number
  rate: number
}

export function creditDecisionCharts(output: Record<string, unknown>, verdicts: Verdict[]): ChartSpec[] {
  const charts: ChartSpec[] = []
  for (const v of verdicts) {
    if (v.check !== 'four-fifths') continue
    const chart = approvalByGroup(v)
    if (chart !== undefined) charts.push(chart)
  }
  const scores = scoreDistribution(output)
  if (scores !== undefined) charts.push(scores)
  const reasons = verdicts.find((v) => v.check === 'adverse-action-reasons')
  const reasonChart = reasons === undefined ? undefined : reasonCounts(reasons)
  if (reasonChart !== undefined) charts.push(reasonChart)
  return charts
}

/** Approval rate per group, bars, with the four-fifths line: the threshold times the highest rate. */
export function approvalByGroup(v: Verdict): ChartSpec | undefined {
  const evidence = v.evidence as { attribute?: string; groups?: Record<string, GroupRate> } | undefined
  const groups = Object.entries(evidence?.groups ?? {})
  if (groups.length === 0) return undefined
  const attribute = evidence?.attribute ?? 'group'
  const highest = Math.max(...groups.map(([, g]) => g.rate))
  const threshold = v.threshold ?? 0.8
  const line = highest * threshold
  return {
    id: `approval-${attribute}`,
    title: `Approval rate by ${attribute}`,
    description: `Approval rate of each ${attribute} group; the dashed line is ${threshold} × the highest rate (${pct(line)}): a bar below it fails the four-fifths rule.`,
    x: { title: attribute, type: 'category' },
    y: { title: 'approval rate', min: 0, max: Math.min(1, Math.max(0.1, Math.ceil(highest * 11) / 10)), format: 'percent', lines: [{ value: round(line), label: `four-fifths line: ${threshold} × highest = ${pct(line)}` }] },
    labels: groups.map(([name]) => name),
    series: [{ label: 'approval rate', kind: 'bar', data: groups.map(([, g]) => round(g.rate)), color: 'primary' }],
    table: {
      columns: [attribute, 'applicants', 'approved', 'approval rate', 'ratio to highest'],
      rows: groups.map(([name, g]) => [name, g.applicants, g.approved, pct(g.rate), highest === 0 ? '—' : (g.rate / highest).toFixed(3)]),
    },
  }
}

/** Histogram of the model's scores, approved against declined. */
function scoreDistribution(output: Record<string, unknown>): ChartSpec | undefined {
  const table = tableOf(output, 'decisions')
  if (table === undefined || !table.has('score') || !table.has('approved') || table.rows === 0) return undefined
  const score = table.column('score') as Float64Array
  const approved = table.column('approved') as Uint8Array
  const bins = 20
  const [min, max] = extent(score)
  const yes = histogram(score, bins, min, max, (i) => approved[i] === 1)
  const no = histogram(score, bins, min, max, (i) => approved[i] !== 1)
  const labels = binLabels(bins, min, max)
  return {
    id: 'score-distribution',
    title: 'Score distribution',
    description: `How many of the ${table.rows} applicants fell in each score band, approved beside declined.`,
    x: { title: 'model score', type: 'category' },
    y: { title: 'applicants', min: 0, format: 'integer' },
    labels,
    series: [
      { label: 'approved', kind: 'bar', data: yes, color: 'primary' },
      { label: 'declined', kind: 'bar', data: no, color: 'secondary' },
    ],
    table: { columns: ['score band', 'approved', 'declined'], rows: labels.map((l, b) => [l, yes[b]!, no[b]!]) },
  }
}

/** How often each adverse-action reason was given, from the reasons check's evidence. */
function reasonCounts(v: Verdict): ChartSpec | undefined {
  const counts = Object.entries((v.evidence as { reasonCounts?: Record<string, number> } | undefined)?.reasonCounts ?? {}).sort((a, b) => b[1] - a[1])
  if (counts.length === 0) return undefined
  return {
    id: 'adverse-action-reasons',
    title: 'Adverse-action reasons given',
    description: 'How many declines named each principal reason (a decline may name up to four).',
    x: { title: 'reason', type: 'category' },
    y: { title: 'declines naming it', min: 0, format: 'integer' },
    labels: counts.map(([r]) => r),
    series: [{ label: 'declines', kind: 'bar', data: counts.map(([, n]) => n), color: 'tertiary' }],
    table: { columns: ['reason', 'declines naming it'], rows: counts },
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`
}
