/**
 * A scenario's charts: each quantitative rule's figure per version, one series per seed. A line
 * joins only runs of the same seed (the same data), so moving to another seed never reads as a
 * trend. Rules that only pass or fail get no chart.
 */
import { compareVersions } from '../../../kernel/index.js'
import type { Publication } from '../../../model/index.js'
import { chartable, directionOf } from '../directions.js'
import type { Translator } from '../i18n/index.js'
import type { ChartSeries, ChartSpec, SeriesColor } from './chart-spec.js'
import { round } from './histogram.js'

/** Rules drawn at most, so a page stays short. */
const MAX_RULES = 6
/** Seeds drawn at most (those with the most versions); the rest are in the publications table. */
const MAX_SEEDS = 5
const COLORS: SeriesColor[] = ['primary', 'secondary', 'tertiary', 'alert', 'muted']

/** `publications` of one scenario, any order; withdrawn ones should be left out by the caller. */
export function figureTrends(publications: Publication[], t: Translator): ChartSpec[] {
  const { c } = t
  // The newest publication of each (seed, version): one point per version on a seed's line.
  const latest = new Map<string, Publication>()
  for (const p of [...publications].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))) latest.set(`${p.seed}@${p.version}`, p)
  const points = [...latest.values()]
  const versions = [...new Set(points.map((p) => p.version))].sort(compareVersions)
  const perSeed = new Map<number, Publication[]>()
  for (const p of points) perSeed.set(p.seed, [...(perSeed.get(p.seed) ?? []), p])
  const seeds = [...perSeed.keys()].sort((a, b) => perSeed.get(b)!.length - perSeed.get(a)!.length || a - b).slice(0, MAX_SEEDS).sort((a, b) => a - b)
  const rules = new Map<string, { title: string; check: string; threshold: number | null }>()
  for (const p of points) for (const v of p.verdicts) if (v.figure !== null && chartable(v.check) && !rules.has(v.rule)) rules.set(v.rule, { title: t.ruleTitle(v), check: v.check, threshold: v.threshold })
  return [...rules.entries()].slice(0, MAX_RULES).map(([rule, { title, check, threshold }]) => {
    const figureOf = (seed: number, version: string) => {
      const f = latest.get(`${seed}@${version}`)?.verdicts.find((v) => v.rule === rule)?.figure
      return f === undefined || f === null ? null : round(f)
    }
    const series: ChartSeries[] = seeds.map((seed, i) => ({
      label: c.seed(String(seed)),
      kind: 'line',
      data: versions.map((v) => figureOf(seed, v)),
      color: COLORS[i % COLORS.length]!,
      pointRadius: 5,
    }))
    return {
      id: `trend-${rule.replace(/[^A-Za-z0-9_-]/g, '-')}`,
      title,
      description: c.trendDescSeed(rule, t.direction(directionOf(check)), threshold === null ? null : t.figure(threshold)),
      x: { title: c.version, type: 'category' },
      y: { title: c.figure, ...(threshold !== null ? { lines: [{ value: threshold, label: c.thresholdLine(t.figure(threshold)) }] } : {}) },
      labels: versions,
      series,
      table: {
        columns: [c.version, ...seeds.map((s) => c.seed(String(s))), c.threshold],
        rows: versions.map((v) => [v, ...seeds.map((s) => figureOf(s, v) ?? '—'), threshold ?? '—']),
      },
    } satisfies ChartSpec
  })
}
