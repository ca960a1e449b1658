/** A scenario's charts: each rule's figure across its publications, against the rule's threshold. */
import type { Publication } from '../../../store/records.js'
import type { ChartSpec } from './chart-spec.js'
import { round } from './histogram.js'

/** Rules drawn at most, so a page stays short. */
const MAX_RULES = 6

/** `publications` oldest first. */
export function figureTrends(publications: Publication[]): ChartSpec[] {
  const rules = new Map<string, { title: string; threshold: number | null }>()
  for (const p of publications) for (const v of p.verdicts) if (v.figure !== null && !rules.has(v.rule)) rules.set(v.rule, { title: v.title, threshold: v.threshold })
  const labels = publications.map((p) => `seed ${p.seed} · ${p.publishedAt.slice(0, 10)}`)
  return [...rules.entries()].slice(0, MAX_RULES).map(([rule, { title, threshold }]) => {
    const figures = publications.map((p) => p.verdicts.find((v) => v.rule === rule)?.figure ?? null)
    const series: ChartSpec['series'] = [{ label: 'figure', kind: 'line', data: figures.map((f) => (f === null ? null : round(f))), color: 'primary', pointRadius: 4 }]
    return {
      id: `trend-${rule.replace(/[^A-Za-z0-9_-]/g, '-')}`,
      title,
      description: `The figure of rule ${rule} in each publication of this scenario, oldest first${threshold !== null ? `, with its threshold ${threshold}` : ''}.`,
      x: { title: 'publication', type: 'category' },
      y: { title: 'figure', ...(threshold !== null ? { lines: [{ value: threshold, label: `threshold ${threshold}` }] } : {}) },
      labels,
      series,
      table: { columns: ['publication', 'figure', 'threshold'], rows: publications.map((p, i) => [labels[i]!, figures[i] === null ? '—' : round(figures[i]!), threshold ?? '—']) },
    } satisfies ChartSpec
  })
}
