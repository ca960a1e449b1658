/**
 * Aggregates a scenario publishes beside its result (e.g. approval counts by district). Any result
 * kind may carry them; the privacy pack holds every cell to a minimum count, which the host counts
 * itself: each aggregate names the partition of a dataset its cells count (`over`), each cell the
 * rows of it that it counts (`rows`), and the host counts the distinct rows. A stated `count` must
 * equal the host's.
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
  /** Figures computed over the cell, e.g. `{ approvalRate: 0.62 }`. */
  values?: Record<string, number>
}

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
