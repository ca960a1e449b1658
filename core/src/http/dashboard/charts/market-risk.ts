/**
 * Charts for `market-risk`: for each series (portfolios first), the day's VaR forecast against the
 * loss realised that day (a point above the line is an exception), and the backtest's exceptions
 * per series against the number the confidence level expects.
 */
import type { Verdict } from '../../../compliance/verdict.js'
import type { ChartSpec } from './chart-spec.js'
import { round } from './histogram.js'
import { tableOf } from './output.js'

/** Series drawn at most, so a page of a hundred instruments stays readable. */
const MAX_SERIES = 3

export function marketRiskCharts(output: Record<string, unknown>, verdicts: Verdict[]): ChartSpec[] {
  return [...varCharts(output), ...backtestChart(verdicts)]
}

function backtestChart(verdicts: Verdict[]): ChartSpec[] {
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
      title: 'VaR exceptions against the expected number',
      description: 'Days each series lost more than its VaR, beside the number its confidence level expects over the same days (Kupiec backtest).',
      x: { title: 'series', type: 'category' },
      y: { title: 'days', min: 0, format: 'integer' },
      labels: rows.map((r) => r.series),
      series: [
        { label: 'exceptions', kind: 'bar', data: rows.map((r) => r.exceptions), color: 'alert' },
        { label: 'expected', kind: 'bar', data: rows.map((r) => round(r.expected, 2)), color: 'muted' },
      ],
      table: { columns: ['series', 'days', 'exceptions', 'expected', 'zone'], rows: rows.map((r) => [r.series, r.days, r.exceptions, round(r.expected, 2), r.trafficLight ?? '—']) },
    },
  ]
}

function varCharts(output: Record<string, unknown>): ChartSpec[] {
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
    const level = confidence === undefined ? '' : ` at ${(confidence * 100).toFixed(1)}%`
    return {
      id: `var-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`,
      title: `VaR against realised loss: ${name}`,
      description: `The one-day VaR forecast${level} for ${name} and the loss realised each day; ${exceptions.length} of ${rows.length} days lost more than the forecast (exceptions).`,
      x: { title: 'trading day', type: 'linear' },
      y: { title: 'loss (fraction of value)', format: 'percent' },
      series: [
        { label: `VaR${level}`, kind: 'line', data: rows.map((i) => ({ x: day[i]!, y: round(v[i]!, 5) })), color: 'threshold', pointRadius: 0 },
        { label: 'realised loss', kind: 'scatter', data: rows.map((i) => ({ x: day[i]!, y: round(-pnl[i]!, 5) })), color: 'primary', pointRadius: 2 },
        { label: 'exceptions', kind: 'scatter', data: exceptions.map((i) => ({ x: day[i]!, y: round(-pnl[i]!, 5) })), color: 'alert', pointRadius: 4 },
      ],
      table: {
        columns: ['day', 'VaR', 'realised loss', 'exception'],
        rows: exceptions.slice(0, 50).map((i) => [day[i]!, round(v[i]!, 5), round(-pnl[i]!, 5), 'yes']),
      },
    } satisfies ChartSpec
  })
}
