import type { PublishedAggregate } from '@bund/sdk'
import { z } from 'zod'
import { mergeRanges } from '../aggregate-rows.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { type Reader, readersOf } from '../aggregate-measures.js'
import { say } from '../verdict-text.js'

/**
 * The p % rule for one value of one cell (Hundepool et al., Statistical Disclosure Control, Wiley
 * 2012, §4.2.2): the value is a function of the cell's total T of non-negative contributions, and
 * it discloses the largest one, x₁, when the second largest contributor, knowing its own x₂, can
 * estimate x₁ from T to within p % — when T − x₁ − x₂ < p/100 · x₁. Contributions are the rows'
 * magnitudes |x|. A share (and a mean of a 0/1 column) is a count of rows with the attribute and a
 * count of rows without it, so both counts are tested: a cell of one target padded with nine
 * records known to lack the attribute tells the target has it. Returns the remainder's shortfall
 * (p/100 · x₁ − (T − x₁ − x₂), > 0 when sensitive), or 0.
 */
export function pPercentShortfall(contributions: Iterable<number>, p: number): number {
  let total = 0
  let first = 0
  let second = 0
  for (const raw of contributions) {
    const x = Math.abs(raw)
    total += x
    if (x > first) {
      second = first
      first = x
    } else if (x > second) second = x
  }
  const shortfall = (p / 100) * first - (total - first - second)
  return shortfall > 1e-12 * Math.max(1, total) ? shortfall : 0
}

/**
 * A cell value must not disclose one record (statistical disclosure control's sensitivity rule for
 * magnitude tables, Hundepool et al. 2012 §4.2): the counts rule keeps every cell at k rows or more,
 * but when a scenario chooses which rows make up a cell (a `groupBy` that is no data column), nine
 * rows known to be 0 and one target give that target's figure exactly, however correct the
 * statistic. Every value the host recomputes from a column of the data is held to the p % rule
 * (p = 10 by default) on the cell's rows: on the rows' magnitudes for a mean or sum, on the rows with
 * and without the attribute for a share or a 0/1 column. Values of a result field are the
 * scenario's own published per-row output, which no aggregate can disclose further: not tested.
 * Values without a measure are the cell-values rule's to fail. Figure: the sensitive values.
 */
export const aggregateCellDominance = defineCheck({
  name: 'aggregate-cell-dominance',
  description: 'No cell value computed from the data discloses one record: the p % rule on the contributions of the rows the cell names.',
  kinds: '*',
  params: z.object({ p: z.number().positive().max(100).default(10) }).strict(),
  evaluate(input, params) {
    const aggregates = (input.output as { aggregates?: PublishedAggregate[] }).aggregates ?? []
    let tested = 0
    let scanned = 0
    const sensitive: Array<{ aggregate: string; group: string[]; value: string; rows: number }> = []
    let sensitiveCount = 0
    for (const a of aggregates) {
      const names = Object.entries(a.measures ?? {})
        .filter(([, m]) => 'column' in m)
        .map(([name]) => name)
      if (names.length === 0 || !a.cells.some((c) => names.some((n) => c.values !== undefined && Object.hasOwn(c.values, n)))) continue
      let resolved: ReturnType<typeof readersOf>
      try {
        resolved = readersOf(input, a)
      } catch (e) {
        // A measure the host cannot resolve is the cell-values rule's to report.
        if (e instanceof NotEvaluable) continue
        throw e
      }
      for (const c of a.cells) {
        if (c.rows === undefined) continue
        for (const name of names) {
          if (c.values === undefined || !Object.hasOwn(c.values, name)) continue
          const merged = mergeRanges(c.rows, resolved.table.rows, a.name)
          scanned += merged.count
          if (scanned > MAX_SCANNED) throw new NotEvaluable(say('cellValueRowsTooMany', { limit: MAX_SCANNED }))
          tested++
          if (!disclosesOne(resolved.readers.get(name)!, merged.ranges, params.p)) continue
          sensitiveCount++
          if (sensitive.length < 10) sensitive.push({ aggregate: a.name, group: c.group, value: name, rows: merged.count })
        }
      }
    }
    const evidence = { p: params.p, tested, sensitiveValues: sensitive }
    if (sensitiveCount > 0) {
      const s = sensitive[0]!
      return { passed: false, figure: sensitiveCount, threshold: 0, ...say('cellValuesDominated', { sensitive: sensitiveCount, tested, p: params.p, aggregate: s.aggregate, group: s.group.map(String), value: s.value, rows: s.rows }), evidence }
    }
    return { passed: true, figure: 0, threshold: 0, ...(tested === 0 ? say('noDominanceValues') : say('cellDominancePass', { tested, p: params.p })), evidence }
  },
})

/** Row values read at most: beyond it the output is not evaluable. */
const MAX_SCANNED = 50_000_000

/** Whether a cell's value, read by `reader` over its rows, lets one record be estimated within p %. */
function disclosesOne(reader: Reader, ranges: ReadonlyArray<readonly [number, number]>, p: number): boolean {
  const rows = function* () {
    for (const [start, end] of ranges) for (let r = start; r < end; r++) yield r
  }
  if (reader.stat === 'share') return binaryDiscloses(Array.from(rows(), (r) => (reader.is(r) ? 1 : 0)), p)
  const values = Array.from(rows(), (r) => reader.at(r))
  if (values.every((x) => x === 0 || x === 1)) return binaryDiscloses(values, p)
  return pPercentShortfall(values, p) > 0
}

/** A count of rows with an attribute and of rows without it: either may disclose. */
function binaryDiscloses(indicators: number[], p: number): boolean {
  return pPercentShortfall(indicators, p) > 0 || pPercentShortfall(indicators.map((x) => 1 - x), p) > 0
}
