import type { PublishedAggregate } from '@bund/sdk'

/**
 * Secondary suppression against differencing (Hundepool et al., Statistical Disclosure Control,
 * 2012, linked tables): two published cells over the same partition that overlap and differ by 1
 * to k − 1 rows publish a cell of fewer than k by subtraction (an alerted typology and a report
 * category can share most of their transactions). While such a pair remains, the smaller cell of
 * it is withdrawn. Cells are compared as sets of row indices; the aggregates are changed in place.
 */
export function suppressDifferencing(aggregates: PublishedAggregate[], k: number): void {
  for (;;) {
    const cells = aggregates.flatMap((a) =>
      a.over === undefined ? [] : a.cells.map((c) => ({ a, c, partition: `${a.over!.dataset}\0${a.over!.partition}`, rows: new Set((c.rows ?? []).flatMap(([s, e]) => Array.from({ length: e - s }, (_, i) => s + i))) })),
    )
    const pair = findPair(cells, k)
    if (pair === undefined) return
    const smaller = pair[0].rows.size <= pair[1].rows.size ? pair[0] : pair[1]
    smaller.a.cells = smaller.a.cells.filter((c) => c !== smaller.c)
  }
}

type Cell = { partition: string; rows: Set<number> }

/** The first pair of cells over one partition that overlap and differ, either way, by 1 to k − 1 rows. */
function findPair<C extends Cell>(cells: C[], k: number): [C, C] | undefined {
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const x = cells[i]!
      const y = cells[j]!
      if (x.partition !== y.partition) continue
      let shared = 0
      for (const r of x.rows) if (y.rows.has(r)) shared++
      if (shared === 0) continue
      const differs = (d: number) => d > 0 && d < k
      if (differs(x.rows.size - shared) || differs(y.rows.size - shared)) return [x, y]
    }
  }
  return undefined
}
