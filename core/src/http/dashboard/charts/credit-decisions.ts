/**
 * Charts for `credit-decisions`: approval rate per group against the four-fifths line (from each
 * four-fifths verdict's evidence), the score distribution of approved and declined applicants, and
 * the adverse-action reasons given (from the output and the reasons check's evidence).
 */
import type { Verdict } from '../../../model/index.js'
import type { Translator } from '../i18n/index.js'
import type { ChartSpec } from './chart-spec.js'
import { binLabels, extent, histogram, round } from './histogram.js'
import { tableOf } from './output.js'

interface GroupRate {
  applicants: number
  approved: number
  rate: number
}

export function creditDecisionCharts(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): ChartSpec[] {
  const charts: ChartSpec[] = []
  for (const v of verdicts) {
    if (v.check !== 'four-fifths') continue
    for (const chart of approvalCharts(v, t)) charts.push(chart)
  }
  const scores = scoreDistribution(output, t)
  if (scores !== undefined) charts.push(scores)
  const reasons = verdicts.find((v) => v.check === 'adverse-action-reasons')
  const reasonChart = reasons === undefined ? undefined : reasonCounts(reasons, t)
  if (reasonChart !== undefined) charts.push(reasonChart)
  return charts
}

/**
 * One approval chart per protected attribute the verdict measured (its evidence holds each
 * attribute's groups; a verdict of one attribute holds them at the top).
 */
function approvalCharts(v: Verdict, t: Translator): ChartSpec[] {
  const evidence = v.evidence as { attribute?: string; groups?: Record<string, GroupRate>; attributes?: Record<string, { groups?: Record<string, GroupRate> }> } | undefined
  const perAttribute = evidence?.attributes !== undefined
    ? Object.entries(evidence.attributes).map(([attribute, e]) => ({ attribute, groups: e.groups }))
    : [{ attribute: evidence?.attribute ?? 'group', groups: evidence?.groups }]
  return perAttribute.flatMap(({ attribute, groups }) => approvalByGroup(v, attribute, groups ?? {}, t) ?? [])
}

/** Approval rate per group, bars, with the four-fifths line: the threshold times the highest rate. */
export function approvalByGroup(v: Verdict, attribute: string, byGroup: Record<string, GroupRate>, t: Translator): ChartSpec | undefined {
  const { c } = t
  const groups = Object.entries(byGroup)
  if (groups.length === 0) return undefined
  const highest = Math.max(...groups.map(([, g]) => g.rate))
  const threshold = v.threshold ?? 0.8
  const line = highest * threshold
  return {
    id: `approval-${attribute}`,
    title: c.approvalTitle(attribute),
    description: c.approvalDesc(attribute, t.num(threshold), t.pct(line)),
    x: { title: attribute, type: 'category' },
    y: { title: c.approvalRate, min: 0, max: Math.min(1, Math.max(0.1, Math.ceil(highest * 11) / 10)), format: 'percent', lines: [{ value: round(line), label: c.fourFifthsLine(t.num(threshold), t.pct(line)) }] },
    labels: groups.map(([name]) => name),
    series: [{ label: c.approvalRate, kind: 'bar', data: groups.map(([, g]) => round(g.rate)), color: 'primary' }],
    table: {
      columns: [attribute, c.applicants, c.approved, c.approvalRate, c.ratioToHighest],
      rows: groups.map(([name, g]) => [name, g.applicants, g.approved, t.pct(g.rate), highest === 0 ? '—' : t.num(g.rate / highest, 3)]),
    },
  }
}

/** Histogram of the model's scores, approved against declined. */
function scoreDistribution(output: Record<string, unknown>, t: Translator): ChartSpec | undefined {
  const { c } = t
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
    title: c.scoreTitle,
    description: c.scoreDesc(t.num(table.rows, 0)),
    x: { title: c.modelScore, type: 'category' },
    y: { title: c.applicants, min: 0, format: 'integer' },
    labels,
    series: [
      { label: c.approved, kind: 'bar', data: yes, color: 'primary' },
      { label: c.declined, kind: 'bar', data: no, color: 'secondary' },
    ],
    table: { columns: [c.scoreBand, c.approved, c.declined], rows: labels.map((l, b) => [l, yes[b]!, no[b]!]) },
  }
}

/** How often each adverse-action reason was given, from the reasons check's evidence. */
function reasonCounts(v: Verdict, t: Translator): ChartSpec | undefined {
  const { c } = t
  const counts = Object.entries((v.evidence as { reasonCounts?: Record<string, number> } | undefined)?.reasonCounts ?? {}).sort((a, b) => b[1] - a[1])
  if (counts.length === 0) return undefined
  return {
    id: 'adverse-action-reasons',
    title: c.reasonsTitle,
    description: c.reasonsDesc,
    x: { title: c.reason, type: 'category' },
    y: { title: c.declinesNaming, min: 0, format: 'integer' },
    labels: counts.map(([r]) => r),
    series: [{ label: c.declines, kind: 'bar', data: counts.map(([, n]) => n), color: 'tertiary' }],
    table: { columns: [c.reason, c.declinesNaming], rows: counts },
  }
}
