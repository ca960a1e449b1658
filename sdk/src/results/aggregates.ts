/**
 * Aggregates a scenario publishes beside its result (e.g. approval counts by district). Any result
 * kind may carry them; the privacy pack holds every cell to a minimum count.
 */

/** One cell of an aggregate: the group it describes, how many records it counts, its figures. */
export interface AggregateCell {
  /** One value per `groupBy` dimension. */
  group: string[]
  /** Records counted in the cell. */
  count: number
  /** Figures computed over the cell, e.g. `{ approvalRate: 0.62 }`. */
  values?: Record<string, number>
}

/** A published table of counts and figures by group. */
export interface PublishedAggregate {
  name: string
  /** The dimensions the cells are grouped by. */
  groupBy: string[]
  cells: AggregateCell[]
}
