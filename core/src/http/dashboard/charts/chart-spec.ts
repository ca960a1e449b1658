/**
 * A chart as the server describes it: plain data the browser script hands to Chart.js, plus the
 * same numbers as a table, so the figure can be read without the canvas (screen readers, no JS).
 */

/** How axis values and table cells are shown. */
export type ValueFormat = 'number' | 'percent' | 'integer' | 'money'

export interface ChartAxis {
  title: string
  /** `category` for labelled bars; `linear` for numeric x (lines, scatter). */
  type?: 'category' | 'linear'
  min?: number
  max?: number
  format?: ValueFormat
  /** Reference lines across the whole plot (a threshold), drawn dashed and labelled. */
  lines?: Array<{ value: number; label: string }>
}

export interface ChartSeries {
  label: string
  /** `marker`: a short horizontal stroke at each category's value (a per-category threshold), not joined. */
  kind: 'bar' | 'line' | 'scatter' | 'marker'
  /** One value per label (category charts) or points (linear charts). */
  data: Array<number | null> | Array<{ x: number; y: number }>
  /** A colour from the palette in the stylesheet's legend, by role. */
  color: SeriesColor
  dashed?: boolean
  /** Point radius for lines and scatter; 0 hides points. */
  pointRadius?: number
}

/** Colour roles, mapped to an accessible (Okabe–Ito) palette in the browser script. */
export type SeriesColor = 'primary' | 'secondary' | 'tertiary' | 'threshold' | 'muted' | 'alert'

export interface ChartSpec {
  /** Unique within a page; also the figure's element id. */
  id: string
  title: string
  /** One sentence saying what the chart shows and what to look for: the canvas's accessible name. */
  description: string
  x: ChartAxis
  y: ChartAxis
  /** Category labels (category x axis). */
  labels?: string[]
  series: ChartSeries[]
  /** The numbers behind the chart, as rows under named columns. */
  table: { columns: string[]; rows: Array<Array<string | number>> }
}
