/**
 * A chart as static SVG, drawn on the server from the same ChartSpec the browser hands to Chart.js:
 * what prints (the print stylesheet shows it instead of the canvas) and what the PDF carries.
 * Plain shapes and text, no script; the figure's data table stays the exact numbers.
 */
import type { Translator } from '../i18n/index.js'
import type { ChartSpec, ValueFormat } from './chart-spec.js'

const W = 640
const H = 300
const PAD = { left: 64, right: 16, top: 16, bottom: 72 }
const COLORS: Record<string, string> = { primary: '#0b5fa5', secondary: '#b45309', tertiary: '#047857', threshold: '#b91c1c', muted: '#6b7280', alert: '#7e22ce' }

type Point = { x: number; y: number }

export function ChartSvg(props: { spec: ChartSpec; t: Translator }) {
  const { spec, t } = props
  const linear = spec.x.type === 'linear'
  const labels = spec.labels ?? []
  const values: number[] = []
  const xs: number[] = []
  for (const s of spec.series) for (const d of s.data) {
    if (typeof d === 'number') values.push(d)
    else if (d !== null && typeof d === 'object') {
      values.push(d.y)
      xs.push(d.x)
    }
  }
  for (const l of spec.y.lines ?? []) values.push(l.value)
  const yMin = spec.y.min ?? Math.min(0, least(values))
  let yMax = spec.y.max ?? Math.max(most(values), yMin + 1e-9)
  if (yMax === yMin) yMax = yMin + 1
  const xMin = linear ? (spec.x.min ?? least(xs)) : 0
  const xMax = linear ? (spec.x.max ?? Math.max(most(xs), xMin + 1e-9)) : labels.length
  const plotW = W - PAD.left - PAD.right
  const plotH = H - PAD.top - PAD.bottom
  const py = (v: number) => PAD.top + plotH - ((v - yMin) / (yMax - yMin)) * plotH
  const px = (v: number) => PAD.left + ((v - xMin) / (xMax - xMin || 1)) * plotW
  const band = labels.length > 0 ? plotW / labels.length : plotW
  const bars = spec.series.filter((s) => s.kind === 'bar')
  const barW = (band * 0.8) / Math.max(1, bars.length)
  const catX = (i: number) => PAD.left + band * (i + 0.5)
  const yTicks = ticks(yMin, yMax, 5)
  const xTicks = linear ? ticks(xMin, xMax, 6) : []
  const everyLabel = Math.max(1, Math.ceil(labels.length / 12))
  const legendY = H - 14
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t.m.chartAlt(spec.title, spec.description)} class="chart-svg" xmlns="http://www.w3.org/2000/svg">
      <g font-size="11" fill="#374151">
        {yTicks.map((v) => (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={py(v)} y2={py(v)} stroke="#e5e7eb" />
            <text x={PAD.left - 6} y={py(v) + 4} text-anchor="end">
              {fmt(t, spec.y.format, v)}
            </text>
          </g>
        ))}
        {linear
          ? xTicks.map((v) => (
              <text x={px(v)} y={PAD.top + plotH + 16} text-anchor="middle">
                {fmt(t, spec.x.format, v)}
              </text>
            ))
          : labels.map((l, i) =>
              i % everyLabel === 0 ? (
                <text x={catX(i)} y={PAD.top + plotH + 14} text-anchor="middle">
                  {l.length > 14 ? `${l.slice(0, 13)}…` : l}
                </text>
              ) : null,
            )}
        <text x={PAD.left + plotW / 2} y={PAD.top + plotH + 32} text-anchor="middle" font-weight="600">
          {spec.x.title}
        </text>
        <text x={12} y={PAD.top + plotH / 2} text-anchor="middle" font-weight="600" transform={`rotate(-90 12 ${PAD.top + plotH / 2})`}>
          {spec.y.title}
        </text>
      </g>
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + plotH} stroke="#6b7280" />
      <line x1={PAD.left} x2={W - PAD.right} y1={py(Math.max(yMin, Math.min(0, yMax)))} y2={py(Math.max(yMin, Math.min(0, yMax)))} stroke="#6b7280" />
      {spec.series.map((s) => {
        const color = COLORS[s.color] ?? COLORS.primary!
        const dash = s.dashed ? '6 4' : undefined
        if (s.kind === 'bar') {
          const k = bars.indexOf(s)
          return (
            <g fill={color}>
              {(s.data as Array<number | null>).map((v, i) =>
                typeof v === 'number' ? <rect x={catX(i) - (band * 0.8) / 2 + k * barW} y={Math.min(py(v), py(Math.max(0, yMin)))} width={Math.max(1, barW - 1)} height={Math.abs(py(Math.max(0, yMin)) - py(v))} /> : null,
              )}
            </g>
          )
        }
        const points: Point[] = linear
          ? (s.data as Point[]).filter((d) => d !== null && typeof d === 'object')
          : (s.data as Array<number | null>).flatMap((v, i) => (typeof v === 'number' ? [{ x: i, y: v }] : []))
        const X = (p: Point) => (linear ? px(p.x) : catX(p.x))
        if (s.kind === 'marker') {
          return (
            <g stroke={color} stroke-width="3">
              {points.map((p) => (
                <line x1={X(p) - band * 0.45} x2={X(p) + band * 0.45} y1={py(p.y)} y2={py(p.y)} stroke-dasharray="6 3" />
              ))}
            </g>
          )
        }
        const r = s.pointRadius ?? 3
        return (
          <g>
            {s.kind === 'line' ? <polyline fill="none" stroke={color} stroke-width="2" stroke-dasharray={dash} points={points.map((p) => `${X(p).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')} /> : null}
            {r > 0 ? (
              <g fill={color}>
                {points.map((p) => (
                  <circle cx={X(p)} cy={py(p.y)} r={Math.min(r, 4)} />
                ))}
              </g>
            ) : null}
          </g>
        )
      })}
      {(spec.y.lines ?? []).map((l) =>
        l.value >= yMin && l.value <= yMax ? (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={py(l.value)} y2={py(l.value)} stroke={COLORS.threshold} stroke-width="2" stroke-dasharray="6 4" />
            <text x={W - PAD.right - 4} y={py(l.value) - 4} text-anchor="end" font-size="11" font-weight="600" fill={COLORS.threshold}>
              {l.label}
            </text>
          </g>
        ) : null,
      )}
      <g font-size="11" fill="#1f2937">
        {spec.series.map((s, i) => (
          <g>
            <rect x={PAD.left + i * 150} y={legendY - 9} width="12" height="10" fill={COLORS[s.color] ?? COLORS.primary} />
            <text x={PAD.left + i * 150 + 16} y={legendY}>
              {s.label.length > 22 ? `${s.label.slice(0, 21)}…` : s.label}
            </text>
          </g>
        ))}
      </g>
    </svg>
  )
}

/** Smallest and largest finite values, without spreading a large array into arguments. */
function least(values: number[]): number {
  let lo = Number.POSITIVE_INFINITY
  for (const v of values) if (Number.isFinite(v) && v < lo) lo = v
  return lo === Number.POSITIVE_INFINITY ? 0 : lo
}
function most(values: number[]): number {
  let hi = Number.NEGATIVE_INFINITY
  for (const v of values) if (Number.isFinite(v) && v > hi) hi = v
  return hi === Number.NEGATIVE_INFINITY ? 1 : hi
}

/** About `n` round tick values from lo to hi. */
function ticks(lo: number, hi: number, n: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return [lo]
  const raw = (hi - lo) / n
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9 && out.length < 20; v += step) out.push(Number(v.toPrecision(12)))
  return out
}

/** Compact number formats per locale and digits, made once (an Intl formatter is costly to make). */
const compacts = new Map<string, Intl.NumberFormat>()
function compact(locale: string, digits: number | undefined): Intl.NumberFormat {
  const key = `${locale}:${digits}`
  let f = compacts.get(key)
  if (f === undefined) compacts.set(key, (f = new Intl.NumberFormat(locale, { notation: 'compact', ...(digits === undefined ? {} : { maximumFractionDigits: digits }) })))
  return f
}

function fmt(t: Translator, format: ValueFormat | undefined, v: number): string {
  switch (format) {
    case 'percent':
      return t.pct(v, Math.abs(v) < 0.1 && v !== 0 ? 1 : 0)
    case 'integer':
      return Number.isInteger(v) ? t.num(v, 0) : ''
    case 'money':
      return compact(t.locale, 1).format(v)
    default:
      return Math.abs(v) >= 1000 ? compact(t.locale, undefined).format(v) : t.num(v, 3)
  }
}
