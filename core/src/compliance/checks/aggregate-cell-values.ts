import type { PublishedAggregate, TableData } from '@bund/sdk'
import { z } from 'zod'
import { mergeRanges } from '../aggregate-rows.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { type Reader, readersOf } from '../aggregate-measures.js'
import { ExactSum } from '../exact-sum.js'
import { say } from '../verdict-text.js'

/**
 * A published statistic must be the statistic of the cell it labels (statistical disclosure control,
 * Hundepool et al., Statistical Disclosure Control, Wiley 2012: a table's published figure is a
 * function of its cell's records, so that the cell's size protects them). The cell-counts check
 * makes each cell count at least k rows; this one makes each cell value a figure of those rows, so
 * a cell of 10 rows (one person padded with nine unrelated ones, under a `groupBy` that is no data
 * column) cannot carry one person's figure.
 *
 * Each aggregate declares how its values are computed (`measures`: the mean or sum of a numeric
 * column of the partition it counts, the share of rows equal to a value, or the mean or sum of a
 * per-row field of the run's result joined to the evaluation partition), and the host computes
 * every value of every cell again over the rows the cell names: exact sums (ExactSum), compared
 * within 1e-9 relative (of the host's figure, at least 1e-9 absolute). Failing: a value that
 * differs, a value of an empty cell whose mean or share does not exist, and a value no measure
 * declares. Not evaluable: a measure that names a label the scenario cannot see (a label column of
 * the evaluation partition: the host would publish a figure of hidden data), a column the partition
 * lacks, a mean of a dictionary column, a result field the host does not join to these rows, and
 * more than MAX_SCANNED row values to read. A cell's `reported` figures are not statistics of the
 * cell and are not checked: published as the scenario's word. Figure: values failing.
 */
export const aggregateCellValues = defineCheck({
  name: 'aggregate-cell-values',
  description: 'Every value of a published aggregate cell is the statistic its aggregate declares, recomputed by the host over the rows the cell names.',
  kinds: '*',
  params: z.object({}).strict(),
  evaluate(input) {
    const aggregates = (input.output as { aggregates?: PublishedAggregate[] }).aggregates ?? []
    let values = 0
    let cells = 0
    let reported = 0
    let scanned = 0
    const misstated: Array<{ aggregate: string; group: string[]; value: string; stated: number; recomputed: number | null }> = []
    let misstatedCount = 0
    const undeclared: Array<{ aggregate: string; group: string[]; value: string }> = []
    let undeclaredCount = 0
    for (const a of aggregates) {
      let readers: Map<string, Reader> | undefined
      let table: TableData | undefined
      for (const c of a.cells) {
        reported += Object.keys(c.reported ?? {}).length
        const entries = Object.entries(c.values ?? {})
        if (entries.length === 0) continue
        cells++
        for (const [name, stated] of entries) {
          values++
          const measure = a.measures !== undefined && Object.hasOwn(a.measures, name) ? a.measures[name] : undefined
          if (measure === undefined) {
            undeclaredCount++
            if (undeclared.length < 10) undeclared.push({ aggregate: a.name, group: c.group, value: name })
            continue
          }
          if (readers === undefined || table === undefined) ({ readers, table } = readersOf(input, a))
          if (c.rows === undefined) throw new NotEvaluable(say('aggregateWithoutRows', { aggregate: a.name }))
          const merged = mergeRanges(c.rows, table.rows, a.name)
          scanned += merged.count
          if (scanned > MAX_SCANNED) throw new NotEvaluable(say('cellValueRowsTooMany', { limit: MAX_SCANNED }))
          const recomputed = statistic(readers.get(name)!, merged.ranges, merged.count, a.name, name)
          if (recomputed === null || !(Math.abs(stated - recomputed) <= 1e-9 * Math.max(1, Math.abs(recomputed)))) {
            misstatedCount++
            if (misstated.length < 10) misstated.push({ aggregate: a.name, group: c.group, value: name, stated, recomputed })
          }
        }
      }
    }
    const evidence = { aggregates: aggregates.length, cells, values, reported, misstatedValues: misstated, undeclaredValues: undeclared }
    const failing = misstatedCount + undeclaredCount
    if (values === 0) return { passed: true, figure: 0, threshold: 0, ...say('noCellValues', { reported }), evidence }
    if (misstatedCount > 0) {
      const m = misstated[0]!
      return { passed: false, figure: failing, threshold: 0, ...say('cellValuesMisstated', { misstated: misstatedCount, aggregate: m.aggregate, group: m.group.map(String), value: m.value, stated: m.stated, recomputed: m.recomputed }), evidence }
    }
    if (undeclaredCount > 0) {
      const u = undeclared[0]!
      return { passed: false, figure: failing, threshold: 0, ...say('cellValuesUndeclared', { undeclared: undeclaredCount, aggregate: u.aggregate, group: u.group.map(String), value: u.value }), evidence }
    }
    return { passed: true, figure: 0, threshold: 0, ...say('cellValuesPass', { values, cells, reported }), evidence }
  },
})

/** Row values read at most to recompute cell values: beyond it the output is not evaluable. */
const MAX_SCANNED = 50_000_000

/** A value's statistic over a cell's merged ranges; null for a mean or share of no rows. */
function statistic(reader: Reader, ranges: ReadonlyArray<readonly [number, number]>, count: number, aggregate: string, value: string): number | null {
  if (reader.stat === 'share') {
    if (count === 0) return null
    let hits = 0
    for (const [start, end] of ranges) for (let r = start; r < end; r++) if (reader.is(r)) hits++
    return hits / count
  }
  const sum = new ExactSum()
  for (const [start, end] of ranges) {
    for (let r = start; r < end; r++) {
      const x = reader.at(r)
      if (Number.isNaN(x) && reader.field !== undefined) throw new NotEvaluable(say('measureRowWithoutField', { aggregate, value, field: reader.field, row: r }))
      sum.add(x)
    }
  }
  if (reader.stat === 'sum') return sum.value()
  return count === 0 ? null : sum.value() / count
}
