/** Secondary suppression of cells that would publish a small cell by differencing. */
import type { PublishedAggregate } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { suppressDifferencing } from '../src/suppress.js'

const over = { dataset: 'payments', partition: 'evaluation' as const }
const cell = (group: string, start: number, end: number) => ({ group: [group], count: end - start, rows: [[start, end]] as Array<[number, number]> })

describe('suppressDifferencing', () => {
  it('withdraws the smaller cell of a pair over one partition that overlaps and differs by 1 to k − 1 rows', () => {
    const aggregates: PublishedAggregate[] = [
      { name: 'alerts', groupBy: ['typology'], over, cells: [cell('fan-out', 0, 100), cell('cycle', 200, 230)] },
      // 12 rows, 4 of them alerted fan-out: 12 − 4 = 8 < 10 by subtraction.
      { name: 'reports', groupBy: ['category'], over, cells: [cell('cash', 96, 108), cell('transfer', 300, 340)] },
      // Another partition: never compared with the others.
      { name: 'back-test', groupBy: ['typology'], over: { ...over, partition: 'training' }, cells: [cell('fan-out', 0, 12)] },
    ]
    suppressDifferencing(aggregates, 10)
    expect(aggregates.map((a) => a.cells.map((c) => c.group[0]))).toEqual([['fan-out', 'cycle'], ['transfer'], ['fan-out']])
  })

  it('keeps overlapping cells that differ by nothing or by at least k', () => {
    const aggregates: PublishedAggregate[] = [
      { name: 'a', groupBy: ['g'], over, cells: [cell('x', 0, 50), cell('same', 100, 120)] },
      { name: 'b', groupBy: ['g'], over, cells: [cell('y', 30, 90), cell('same', 100, 120)] },
    ]
    suppressDifferencing(aggregates, 10)
    expect(aggregates.map((a) => a.cells.length)).toEqual([2, 2])
  })
})
