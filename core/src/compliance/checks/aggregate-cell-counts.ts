import { type PublishedAggregate, type TableData, viewColumn } from '@bund/sdk'
import { z } from 'zod'
import { mergeRanges, partitionOf } from '../aggregate-rows.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { say } from '../verdict-text.js'

/**
 * Minimum cell size for published aggregates (k-anonymity-style small-cell suppression, as in the
 * statistical disclosure control practice of national statistics offices): every non-empty cell
 * counts at least k records. The host counts them: each aggregate names the partition of a dataset
 * it counts (`over`), each cell its rows there (`rows`, ranges), and a cell's count is the number of
 * distinct rows of that partition its ranges cover — a `count` the scenario states is only checked
 * against it, never believed. Figure: the smallest non-empty cell count, by the host's count.
 *
 * Two ways round the count are closed as well:
 * - **differencing** (Hundepool et al., Statistical Disclosure Control, 2012, disclosure by
 *   differencing of linked tables): two cells over the same partition that overlap and differ by
 *   fewer than k rows publish a cell of fewer than k by subtraction (a cell of 20 and one of 19 of
 *   its rows give one row's count and figures). Every overlapping pair over a partition must differ,
 *   each way, by no rows or by at least k;
 * - **rows that are not the group**: when a `groupBy` dimension is a dictionary column of the
 *   dataset (region, sector, typology, …), every row a cell names must have the cell's value there,
 *   so a small group cannot be padded to k with rows of other groups.
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
    const mismatched: Array<{ aggregate: string; group: string[]; column: string; row: number; value: string }> = []
    let mismatchedCount = 0
    /** Rows read to check cells against their groups' columns, bounded by MAX_SCANNED. */
    let scanned = 0
    /** Every counted cell's merged ranges, by the partition it counts. */
    const byPartition = new Map<string, CellRows[]>()
    for (const a of aggregates) {
      const nonEmpty = a.cells.filter((c) => c.count > 0 || (c.rows?.length ?? 0) > 0)
      if (nonEmpty.length === 0) continue
      const { table, labels } = partitionOf(input.datasets, a)
      const rows = table.rows
      const columns = groupColumns(table, a.groupBy, labels)
      const partitionKey = `${a.over!.dataset}\0${a.over!.partition}`
      for (const c of nonEmpty) {
        if (c.rows === undefined) throw new NotEvaluable(say('aggregateWithoutRows', { aggregate: a.name }))
        const merged = mergeRanges(c.rows, rows, a.name)
        const counted = merged.count
        if (counted > 0) {
          const list = byPartition.get(partitionKey) ?? []
          list.push({ aggregate: a.name, group: c.group, ranges: merged.ranges, count: counted })
          byPartition.set(partitionKey, list)
        }
        if (columns.length > 0) {
          scanned += counted * columns.length
          if (scanned > MAX_SCANNED) throw new NotEvaluable(say('cellRowsTooMany', { limit: MAX_SCANNED }))
        }
        const wrong = foreignRow(columns, c.group, merged.ranges)
        if (wrong !== undefined) {
          mismatchedCount++
          if (mismatched.length < 10) mismatched.push({ aggregate: a.name, group: c.group, ...wrong })
        }
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
    const differencing = differencingPairs(byPartition, params.k)
    const evidence = { aggregates: aggregates.length, cells, smallCells: small, misstatedCells: misstated, cellsWithForeignRows: mismatched, differencingPairs: differencing.pairs.slice(0, 10) }
    if (mismatchedCount > 0) {
      const m = mismatched[0]!
      return { passed: false, figure: cells === 0 ? null : smallest, threshold: params.k, ...say('cellRowsNotGroup', { cells: mismatchedCount, aggregate: m.aggregate, group: m.group.map(String), column: m.column, row: m.row, value: m.value }), evidence }
    }
    if (differencing.count > 0) {
      const d = differencing.pairs[0]!
      return { passed: false, figure: d.difference, threshold: params.k, ...say('cellsDifferencing', { pairs: differencing.count, k: params.k, first: `${d.a.aggregate} [${d.a.group.join(', ')}]`, second: `${d.b.aggregate} [${d.b.group.join(', ')}]`, difference: d.difference }), evidence }
    }
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

/** A counted cell: its merged, sorted, disjoint ranges and their row count. */
interface CellRows {
  aggregate: string
  group: string[]
  ranges: Array<readonly [number, number]>
  count: number
}

/**
 * The groupBy dimensions that are visible dictionary columns of the partition: dimension index,
 * column name, codes, dictionary. Label columns are left out: a dimension named like one (an AML
 * monitor's suspected `typology`) is the scenario's judgement, which the host grades elsewhere.
 */
function groupColumns(table: TableData, groupBy: readonly string[], labels: readonly string[]): Array<{ at: number; name: string; codes: ArrayLike<number>; dictionary: readonly string[] }> {
  const out: Array<{ at: number; name: string; codes: ArrayLike<number>; dictionary: readonly string[] }> = []
  groupBy.forEach((name, at) => {
    const column = Object.hasOwn(table.columns, name) && !labels.includes(name) ? table.columns[name] : undefined
    if (column?.type === 'dict' && column.dictionary !== undefined) out.push({ at, name, codes: viewColumn(column) as ArrayLike<number>, dictionary: column.dictionary })
  })
  return out
}

/** The first row a cell names whose value in a grouped dictionary column is not the cell's. */
function foreignRow(columns: ReturnType<typeof groupColumns>, group: readonly string[], ranges: ReadonlyArray<readonly [number, number]>): { column: string; row: number; value: string } | undefined {
  for (const c of columns) {
    const want = c.dictionary.indexOf(group[c.at] ?? '')
    for (const [start, end] of ranges) {
      for (let r = start; r < end; r++) {
        if (c.codes[r] !== want) return { column: c.name, row: r, value: c.dictionary[c.codes[r]!] ?? '' }
      }
    }
  }
  return undefined
}

/** Row values read at most to check cells against their groups' columns: beyond it the output is not evaluable. */
const MAX_SCANNED = 50_000_000

/** Range overlaps examined at most, over all partitions: beyond it the output is not evaluable. */
const MAX_OVERLAPS = 20_000_000

interface DifferencingPair {
  a: { aggregate: string; group: string[]; count: number }
  b: { aggregate: string; group: string[]; count: number }
  /** Rows of one cell the other lacks, fewer than k and more than none. */
  difference: number
}

/**
 * Pairs of cells over one partition that overlap and differ, one way or the other, by 1 to k − 1
 * rows. A sweep over the cells' ranges in start order finds every overlap and sums it per pair
 * (each cell's ranges are disjoint, so the sums are the intersections' sizes).
 */
function differencingPairs(byPartition: Map<string, CellRows[]>, k: number): { count: number; pairs: DifferencingPair[] } {
  const pairs: DifferencingPair[] = []
  let count = 0
  let work = 0
  for (const cells of byPartition.values()) {
    if (cells.length < 2) continue
    const events: Array<readonly [number, number, number]> = []
    cells.forEach((c, ci) => {
      for (const [s, e] of c.ranges) events.push([s, e, ci])
    })
    events.sort((x, y) => x[0] - y[0])
    const shared = new Map<number, number>()
    let active: Array<readonly [number, number, number]> = []
    for (const ev of events) {
      const [start, end, ci] = ev
      active = active.filter((a) => a[1] > start)
      for (const [, otherEnd, cj] of active) {
        if (++work > MAX_OVERLAPS) throw new NotEvaluable(say('cellsOverlapTooMany', { limit: MAX_OVERLAPS }))
        const lo = Math.min(ci, cj)
        const key = lo * cells.length + Math.max(ci, cj)
        shared.set(key, (shared.get(key) ?? 0) + Math.min(end, otherEnd) - start)
      }
      active.push(ev)
    }
    for (const [key, inBoth] of shared) {
      const a = cells[Math.floor(key / cells.length)]!
      const b = cells[key % cells.length]!
      const difference = [a.count - inBoth, b.count - inBoth].filter((d) => d > 0 && d < k)
      if (difference.length === 0) continue
      count++
      if (pairs.length < 10) pairs.push({ a: { aggregate: a.aggregate, group: a.group, count: a.count }, b: { aggregate: b.aggregate, group: b.group, count: b.count }, difference: Math.min(...difference) })
    }
  }
  return { count, pairs }
}
