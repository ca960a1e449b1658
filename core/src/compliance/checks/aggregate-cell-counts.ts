import type { PublishedAggregate, RowRanges } from '@bund/sdk'
import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { say } from '../verdict-text.js'

/**
 * Minimum cell size for published aggregates (k-anonymity-style small-cell suppression, as in the
 * statistical disclosure control practice of national statistics offices): every non-empty cell
 * counts at least k records. The host counts them: each aggregate names the partition of a dataset
 * it counts (`over`), each cell its rows there (`rows`, ranges), and a cell's count is the number of
 * distinct rows of that partition its ranges cover — a `count` the scenario states is only checked
 * against it, never believed. Figure: the smallest non-empty cell count, by the host's count.
 */
export const aggregateCellCounts = defineCheck({
  name: 'aggregate-cell-counts',
  description: 'Every non-empty cell of a published aggregate counts at least k records, counted by the host from the rows each cell names.',
  kinds: '*',
  params: z.object({ k: z.number().int().min(1).default(10) }).strict(),
  evaluate(input, params) {
    const aggregates = (input.output as { aggregates?: PublishedAggregate[] }).aggregates ?? []
    let cells = 0
    let smallest = Number.POSITIVE_INFINITY
    const small: Array<{ aggregate: string; group: string[]; count: number }> = []
    let smallCount = 0
    const misstated: Array<{ aggregate: string; group: string[]; stated: number; counted: number }> = []
    let misstatedCount = 0
    for (const a of aggregates) {
      const nonEmpty = a.cells.filter((c) => c.count > 0 || (c.rows?.length ?? 0) > 0)
      if (nonEmpty.length === 0) continue
      const rows = partitionRows(input.datasets, a)
      for (const c of nonEmpty) {
        if (c.rows === undefined) throw new NotEvaluable(say('aggregateWithoutRows', { aggregate: a.name }))
        const counted = distinctRows(c.rows, rows, a.name)
        if (counted !== c.count) {
          misstatedCount++
          if (misstated.length < 10) misstated.push({ aggregate: a.name, group: c.group, stated: c.count, counted })
        }
        if (counted === 0) continue
        cells++
        if (counted < smallest) smallest = counted
        if (counted < params.k) {
          smallCount++
          if (small.length < 10) small.push({ aggregate: a.name, group: c.group, count: counted })
        }
      }
    }
    const evidence = { aggregates: aggregates.length, cells, smallCells: small, misstatedCells: misstated }
    if (misstatedCount > 0) {
      const m = misstated[0]!
      return { passed: false, figure: cells === 0 ? null : smallest, threshold: params.k, ...say('cellCountsMisstated', { misstated: misstatedCount, aggregate: m.aggregate, group: m.group.map(String), stated: m.stated, counted: m.counted }), evidence }
    }
    if (cells === 0) return { passed: true, figure: null, threshold: params.k, ...say('noAggregateCells') }
    return {
      passed: smallCount === 0,
      figure: smallest,
      threshold: params.k,
      ...(smallCount === 0
        ? say('cellCountsPass', { cells, k: params.k, smallest })
        : say('cellCountsFail', { small: smallCount, cells, k: params.k, aggregate: small[0]!.aggregate, group: small[0]!.group.map(String), count: small[0]!.count })),
      evidence,
    }
  },
})

/** Rows of the partition an aggregate counts; not evaluable when it names none or an unknown one. */
function partitionRows(datasets: Parameters<typeof aggregateCellCounts.evaluate>[0]['datasets'], a: PublishedAggregate): number {
  if (a.over === undefined) throw new NotEvaluable(say('aggregateWithoutRows', { aggregate: a.name }))
  const dataset = Object.hasOwn(datasets, a.over.dataset) ? datasets[a.over.dataset] : undefined
  if (dataset === undefined) throw new NotEvaluable(say('aggregateUnknownDataset', { aggregate: a.name, dataset: a.over.dataset }))
  return dataset[a.over.partition].rows
}

/** Distinct row indices the ranges cover, all of which must lie in [0, rows). */
function distinctRows(ranges: RowRanges, rows: number, aggregate: string): number {
  const sorted = ranges.map(([s, e]) => [s, e] as const).sort((x, y) => x[0] - y[0])
  let count = 0
  let reached = 0
  for (const [start, end] of sorted) {
    if (end > rows) throw new NotEvaluable(say('aggregateRowsOutOfRange', { aggregate, end, rows }))
    const from = Math.max(start, reached)
    if (end > from) count += end - from
    reached = Math.max(reached, end)
  }
  return count
}
