/**
 * Charts for `market-risk`: for each series (portfolios first), the day's VaR forecast against the
 * loss realised that day (a point above the line is an exception), and the backtest's exceptions
 * per series against the number the confidence level expects.
 */
import type { Verdict } from '../../../model/index.js'
import type { Translator } from '../i18n/index.js'
import type { ChartSpec } from './chart-spec.js'
import { round } from './histogram.js'
import { tableOf } from './output.js'

/** Series drawn at most, so a page of a hundred instruments stays readable. */
const MAX_SERIES = 3

export function marketRiskCharts(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): ChartSpec[] {
  return [...varCharts(output, t), ...backtestChart(verdicts, t)]
}

function backtestChart(verdicts: Verdict[], t: Translator): ChartSpec[] {
  const { c } = t
  const series = verdicts.find((v) => v.check === 'var-backtest')?.evidence?.series
  if (!Array.isArray(series)) return []
  const rows = series.filter(
    (s): s is { series: string; days: number; exceptions: number; expected: number; trafficLight?: string } =>
      typeof s?.series === 'string' && typeof s.days === 'number' && typeof s.exceptions === 'number' && typeof s.expected === 'number',
  )
  if (rows.length === 0) return []
  return [
    {
      id: 'var-backtest',
      title: c.backtestTitle,
      description: c.backtestDesc,
      x: { title: c.series, type: 'category' },
      y: { title: c.days, min: 0, format: 'integer' },
      labels: rows.map((r) => r.series),
      series: [
        { label: c.exceptions, kind: 'bar', data: rows.map((r) => r.exceptions), color: 'alert' },
        { label: c.expected, kind: 'bar', data: rows.map((r) => round(r.expected, 2)), color: 'muted' },
      ],
      table: { columns: [c.series, c.days, c.exceptions, c.expected, c.zone], rows: rows.map((r) => [r.series, r.days, r.exceptions, round(r.expected, 2), r.trafficLight ?? '—']) },
    },
  ]
}

function varCharts(output: Record<string, unknown>, t: Translator): ChartSpec[] {
  const { c } = t
  const forecasts = tableOf(output, 'forecasts')
  if (forecasts === undefined || !['day', 'series', 'var', 'pnl'].every((c) => forecasts.has(c)) || forecasts.rows === 0) return []
  const confidence = typeof output.confidence === 'number' ? output.confidence : undefined
  const day = forecasts.column('day') as Uint32Array
  const series = forecasts.column('series') as { get(i: number): string }
  const v = forecasts.column('var') as Float64Array
  const pnl = forecasts.column('pnl') as Float64Array
  const bySeries = new Map<string, number[]>()
  for (let i = 0; i < forecasts.rows; i++) {
    const s = series.get(i)
    let rows = bySeries.get(s)
    if (rows === undefined) bySeries.set(s, (rows = []))
    rows.push(i)
  }
  const portfolios = new Set(Object.keys((output.portfolios as Record<string, unknown> | undefined) ?? {}))
  const names = [...bySeries.keys()].sort((a, b) => Number(portfolios.has(b)) - Number(portfolios.has(a)) || a.localeCompare(b)).slice(0, MAX_SERIES)
  return names.map((name) => {
    const rows = bySeries.get(name)!.sort((a, b) => day[a]! - day[b]!)
    const exceptions = rows.filter((i) => -pnl[i]! > v[i]!)
    const level = confidence === undefined ? '' : c.varLevel(t.pct(confidence, 1))
    return {
      id: `var-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`,
      title: c.varTitle(name),
      description: c.varDesc(level, name, t.num(exceptions.length, 0), t.num(rows.length, 0)),
      x: { title: c.tradingDay, type: 'linear' },
      y: { title: c.lossFraction, format: 'percent' },
      series: [
        { label: c.varSeries(level), kind: 'line', data: rows.map((i) => ({ x: day[i]!, y: round(v[i]!, 5) })), color: 'threshold', pointRadius: 0 },
        { label: c.realisedLoss, kind: 'scatter', data: rows.map((i) => ({ x: day[i]!, y: round(-pnl[i]!, 5) })), color: 'primary', pointRadius: 2 },
        { label: c.exceptions, kind: 'scatter', data: exceptions.map((i) => ({ x: day[i]!, y: round(-pnl[i]!, 5) })), color: 'alert', pointRadius: 4 },
      ],
      table: {
        columns: [c.day, 'VaR', c.realisedLoss, c.exception],
        rows: exceptions.slice(0, 50).map((i) => [day[i]!, round(v[i]!, 5), round(-pnl[i]!, 5), c.yes]),
      },
    } satisfies ChartSpec
  })
}
