/**
 * The rows a published aggregate's cells name, as the host reads them: the partition an aggregate
 * counts (`over`), and each cell's ranges merged into disjoint, sorted ranges within it. Shared by
 * the privacy checks that count cells and that recompute their values.
 */
import type { PublishedAggregate, RowRanges, TableData } from '@bund/sdk'
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { say } from './verdict-text.js'

/** The partition an aggregate counts; not evaluable when it names none or an unknown one. */
export function partitionOf(datasets: CheckInput['datasets'], a: PublishedAggregate): { table: TableData; labels: readonly string[]; dataset: CheckInput['datasets'][string] } {
  if (a.over === undefined) throw new NotEvaluable(say('aggregateWithoutRows', { aggregate: a.name }))
  const dataset = Object.hasOwn(datasets, a.over.dataset) ? datasets[a.over.dataset] : undefined
  if (dataset === undefined) throw new NotEvaluable(say('aggregateUnknownDataset', { aggregate: a.name, dataset: a.over.dataset }))
  return { table: dataset[a.over.partition], labels: dataset.labels, dataset }
}

/** A cell's rows: merged, sorted, disjoint ranges and the distinct rows they cover. */
export interface MergedRows {
  ranges: Array<readonly [number, number]>
  count: number
}

/** The ranges sorted and merged (disjoint), and the distinct rows they cover, all in [0, rows). */
export function mergeRanges(ranges: RowRanges, rows: number, aggregate: string): MergedRows {
  const sorted = ranges.map(([s, e]) => [s, e] as const).sort((x, y) => x[0] - y[0])
  const out: Array<[number, number]> = []
  let count = 0
  for (const [start, end] of sorted) {
    if (end > rows) throw new NotEvaluable(say('aggregateRowsOutOfRange', { aggregate, end, rows }))
    const last = out[out.length - 1]
    if (last !== undefined && start <= last[1]) {
      if (end > last[1]) {
        count += end - last[1]
        last[1] = end
      }
    } else {
      out.push([start, end])
      count += end - start
    }
  }
  return { ranges: out, count }
}
