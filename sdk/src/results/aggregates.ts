/**
 * Aggregates a scenario publishes beside its result (e.g. approval counts by district). Any result
 * kind may carry them; the privacy pack holds every cell to a minimum count, which the host counts
 * itself: each aggregate names the partition of a dataset its cells count (`over`), each cell the
 * rows of it that it counts (`rows`), and the host counts the distinct rows. A stated `count` must
 * equal the host's.
 *
 * A cell's `values` are statistics of its rows, and the host computes each again: the aggregate
 * declares how (`measures`), and a value that differs from the host's figure, or that no measure
 * declares, holds the run. Figures the host cannot compute again (a model's AUC on its own
 * hold-out, a feature's gain share) go in `reported`: published as the scenario's word, labelled so.
 */

/** Half-open ranges [start, end) of row indices of the partition an aggregate counts. */
export type RowRanges = Array<[number, number]>

/** One cell of an aggregate: the group it describes, how many records it counts, its figures. */
export interface AggregateCell {
  /** One value per `groupBy` dimension. */
  group: string[]
  /** Records counted in the cell: the distinct rows of `rows`. */
  count: number
  /** The rows the cell counts (indices into the partition named by the aggregate's `over`), as ranges; see `rowRanges`. */
  rows?: RowRanges
  /**
   * Statistics of the cell's rows, e.g. `{ approvalRate: 0.62 }`, each computed as the aggregate's
   * `measures` declare; the host computes every one again over `rows` and holds the run when one differs.
   */
  values?: Record<string, number>
  /**
   * Figures the host cannot compute again (a model's AUC on its own hold-out, feature importance,
   * a challenger's backtest): published as reported by the scenario, not recomputed by Bund.
   */
  reported?: Record<string, number>
}

/**
 * How a cell value is computed over the cell's rows:
 * - `{ stat: 'mean' | 'sum', column }`: a numeric (or 0/1) column of the `over` partition;
 * - `{ stat: 'share', column, equals }`: the share of rows whose value in a column (dictionary or
 *   numeric) equals `equals` (`true`/`false` stand for 1/0);
 * - `{ stat: 'mean' | 'sum', result }`: a per-row field of the run's own result, joined by the host
 *   to the evaluation partition (`RESULT_MEASURE_FIELDS`).
 * A mean or share of a cell with no rows does not exist: publish no such value for an empty cell.
 */
export type Measure =
  | { stat: 'mean' | 'sum'; column: string }
  | { stat: 'share'; column: string; equals: string | number | boolean }
  | { stat: 'mean' | 'sum'; result: string }

/**
 * The per-row fields of each result kind that a measure may name (`{ stat, result }`), joined by
 * the host to the rows of the evaluation partition of the dataset the result is about:
 * a decision's `approved` (0/1) and `score` by applicant, a risk score by row, `alerted` (0/1: some
 * alert names the transaction) by transaction. Kinds with none: no per-row field joins to a partition's rows.
 */
export const RESULT_MEASURE_FIELDS = {
  'credit-decisions': ['approved', 'score'],
  'risk-scores': ['score'],
  'aml-alerts': ['alerted'],
  'settlement-batch': [],
  'market-risk': [],
} as const

/** The partition of one of the run's datasets whose rows an aggregate's cells count. */
export interface AggregateRows {
  /** The dataset's name in the manifest (e.g. `applicants`). */
  dataset: string
  partition: 'training' | 'evaluation'
}

/** A published table of counts and figures by group. */
export interface PublishedAggregate {
  name: string
  /** The dimensions the cells are grouped by. */
  groupBy: string[]
  /** Which rows the cells count: required for the host to count them (cells of an aggregate without it are not evaluable). */
  over?: AggregateRows
  /** How each value name of the cells' `values` is computed over a cell's rows. */
  measures?: Record<string, Measure>
  cells: AggregateCell[]
}

/** Row indices (any order, repeats allowed) as the fewest half-open ranges, for `AggregateCell.rows`. */
export function rowRanges(indices: Iterable<number>): RowRanges {
  const sorted = Float64Array.from(indices).sort()
  const out: RowRanges = []
  for (const i of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && i <= last[1]) last[1] = Math.max(last[1], i + 1)
    else out.push([i, i + 1])
  }
  return out
}
