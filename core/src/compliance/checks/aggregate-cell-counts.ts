import type { PublishedAggregate } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'
import { say } from '../verdict-text.js'

/**
 * Minimum cell size for published aggregates (k-anonymity-style small-cell suppression, as in the
 * statistical disclosure control practice of national statistics offices): every non-empty cell
 * counts at least k records. Figure: the smallest non-empty cell count.
 */
export const aggregateCellCounts = defineCheck({
  name: 'aggregate-cell-counts',
  description: 'Every non-empty cell of a published aggregate counts at least k records.',
  kinds: '*',
  params: z.object({ k: z.number().int().min(1).default(10) }).strict(),
  evaluate(input, params) {
    const aggregates = (input.output as { aggregates?: PublishedAggregate[] }).aggregates ?? []
    let cells = 0
    let smallest = Number.POSITIVE_INFINITY
    const small: Array<{ aggregate: string; group: string[]; count: number }> = []
    let smallCount = 0
    for (const a of aggregates) {
      for (const c of a.cells) {
        if (c.count === 0) continue
        cells++
        if (c.count < smallest) smallest = c.count
        if (c.count < params.k) {
          smallCount++
          if (small.length < 10) small.push({ aggregate: a.name, group: c.group, count: c.count })
        }
      }
    }
    if (cells === 0) return { passed: true, figure: null, threshold: params.k, ...say('noAggregateCells') }
    return {
      passed: smallCount === 0,
      figure: smallest,
      threshold: params.k,
      ...(smallCount === 0
        ? say('cellCountsPass', { cells, k: params.k, smallest })
        : say('cellCountsFail', { small: smallCount, cells, k: params.k, aggregate: small[0]!.aggregate, group: small[0]!.group.map(String), count: small[0]!.count })),
      evidence: { aggregates: aggregates.length, cells, smallCells: small },
    }
  },
})
