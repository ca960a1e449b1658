/**
 * What a publication page shows from the signed output besides charts: the model card and the
 * published aggregates, bounded for the page (a cap on fields, aggregates, cells), and the notes
 * that reconcile counts. Drawn once per output and language (outputs never change).
 */
import type { Verdict } from '../../model/index.js'
import { type ChartSpec, chartsFor, countNotesFor } from './charts/index.js'
import { TEXT_CAP, clip } from './components.js'
import type { Translator } from './i18n/index.js'

export interface ModelCardView {
  name: string
  method?: string
  features: string[]
  intendedUse?: string
  limitations?: string
  /** Features beyond those shown. */
  moreFeatures: number
}

export interface AggregateView {
  name: string
  groupBy: string[]
  /** Names of the cells' values: statistics of each cell's rows, recomputed by the host (privacy/aggregate-cell-values). */
  valueNames: string[]
  /** Names of the cells' reported figures: the scenario's word, not recomputed by Bund. */
  reportedNames: string[]
  cells: Array<{ group: string[]; count: number; values: Record<string, number>; reported: Record<string, number> }>
  totalCells: number
}

export interface PublicationFacts {
  charts: ChartSpec[]
  chartProblem?: string
  modelCard?: ModelCardView
  aggregates: AggregateView[]
  /** Aggregates beyond those shown. */
  moreAggregates: number
  countNotes: string[]
}

const MAX_FEATURES = 60
const MAX_AGGREGATES = 10
const MAX_CELLS = 50
const MAX_VALUES = 8

export function publicationFacts(output: Record<string, unknown>, verdicts: Verdict[], t: Translator): PublicationFacts {
  const aggregates = Array.isArray(output.aggregates) ? (output.aggregates as unknown[]) : []
  return {
    charts: chartsFor(output, verdicts, t),
    modelCard: modelCardOf(output.model),
    aggregates: aggregates.slice(0, MAX_AGGREGATES).flatMap((a) => aggregateOf(a)),
    moreAggregates: Math.max(0, aggregates.length - MAX_AGGREGATES),
    countNotes: countNotesFor(output, verdicts, t),
  }
}

function modelCardOf(value: unknown): ModelCardView | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const m = value as Record<string, unknown>
  const features = Array.isArray(m.features) ? m.features : []
  const optional = (v: unknown) => (typeof v === 'string' && v !== '' ? clip(v, TEXT_CAP.long) : undefined)
  return {
    name: clip(m.name, TEXT_CAP.title),
    ...(optional(m.method) !== undefined ? { method: optional(m.method)! } : {}),
    features: features.slice(0, MAX_FEATURES).map((f) => clip(f, 100)),
    ...(optional(m.intendedUse) !== undefined ? { intendedUse: optional(m.intendedUse)! } : {}),
    ...(optional(m.limitations) !== undefined ? { limitations: optional(m.limitations)! } : {}),
    moreFeatures: Math.max(0, features.length - MAX_FEATURES),
  }
}

function aggregateOf(value: unknown): AggregateView[] {
  if (value === null || typeof value !== 'object') return []
  const a = value as { name?: unknown; groupBy?: unknown; cells?: unknown }
  const groupBy = Array.isArray(a.groupBy) ? a.groupBy.slice(0, 10).map((g) => clip(g, 100)) : []
  const cells = Array.isArray(a.cells) ? (a.cells as Array<{ group?: unknown; count?: unknown; values?: unknown; reported?: unknown }>) : []
  const valueNames = new Set<string>()
  const reportedNames = new Set<string>()
  const shown = cells.slice(0, MAX_CELLS).map((c) => ({
    group: Array.isArray(c.group) ? c.group.slice(0, 10).map((g) => clip(g, 200)) : [],
    count: typeof c.count === 'number' ? c.count : 0,
    values: figuresOf(c.values, valueNames),
    reported: figuresOf(c.reported, reportedNames),
  }))
  return [{ name: clip(a.name, TEXT_CAP.title), groupBy, valueNames: [...valueNames], reportedNames: [...reportedNames], cells: shown, totalCells: cells.length }]
}

/** A cell's numeric figures, bounded (MAX_VALUES a cell, names clipped); their names join `names` up to MAX_VALUES. */
function figuresOf(value: unknown, names: Set<string>): Record<string, number> {
  const out: Record<string, number> = {}
  if (value === null || typeof value !== 'object') return out
  for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, MAX_VALUES)) {
    if (typeof v !== 'number') continue
    const key = clip(k, 100)
    out[key] = v
    if (names.size < MAX_VALUES) names.add(key)
  }
  return out
}
