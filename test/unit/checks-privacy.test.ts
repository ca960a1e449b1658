import { aggregateCellCounts, pPercentShortfall, piiCanaries } from '@bund/core'
import { creditDecisions, rowRanges, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

const CANARIES = { fullName: ['Zhang Canary'], nationalId: ['11010519491231002X'], phone: ['13800138000'] }

function withOutput(output: unknown, canaries: unknown = CANARIES) {
  // 'none': a run whose datasets carry no personal data.
  const t = tableBuilder({ id: 'u32' }, 1)
  return checkInput('credit-decisions', output, { applicants: dataset('credit-applicants', t.build(), canaries === 'none' ? {} : { canaries }) })
}

describe('PII canaries', () => {
  it('finds a planted phone in free text and a name in a dictionary, case-insensitively, and never echoes the values', () => {
    const out = creditDecisions(0).build({ name: 'm', features: [], limitations: 'call 13800138000 for help' })
    const table = tableBuilder({ who: 'dict' }, 1)
    table.columns.who.set(0, 'ZHANG CANARY')
    const r = piiCanaries.evaluate(withOutput({ ...out, extra: table.build() }), {})
    expect(r).toMatchObject({ passed: false, figure: 2, evidence: { found: { fullName: 1, nationalId: 0, phone: 1 } } })
    expect(JSON.stringify(r)).not.toContain('13800138000')
  })

  it('passes a clean output, and a run without personal data', () => {
    const out = creditDecisions(0).build({ name: 'm', features: ['income'] })
    expect(piiCanaries.evaluate(withOutput(out), {})).toMatchObject({ passed: true, figure: 0 })
    expect(piiCanaries.evaluate(withOutput(out, 'none'), {}).message).toMatch(/no dataset of this run carries personal data/)
  })
})

describe('aggregate cell counts (counted by the host from the rows each cell names)', () => {
  // 200 evaluated applicants; cells name row ranges of that partition.
  const t = tableBuilder({ id: 'u32' }, 200)
  const datasets = { applicants: dataset('credit-applicants', t.build()) }
  const over = { dataset: 'applicants', partition: 'evaluation' as const }
  const judge = (aggregates: unknown[], k = 10) => aggregateCellCounts.evaluate(checkInput('credit-decisions', { kind: 'credit-decisions', aggregates }, datasets), { k })
  const aggregates = [
    { name: 'approvals by district', groupBy: ['district'], over, cells: [{ group: ['north'], count: 120, rows: [[0, 100], [150, 170]] }, { group: ['south'], count: 7, rows: [[100, 105], [103, 107]] }, { group: ['east'], count: 0, rows: [] }] },
    { name: 'by gender', groupBy: ['gender'], over, cells: [{ group: ['f'], count: 10, rows: [[190, 200]] }] },
  ]

  it('counts the distinct rows of each cell: the smallest is 7 (overlapping ranges count once) < 10; empty cells are fine', () => {
    const r = judge(aggregates)
    expect(r).toMatchObject({ passed: false, figure: 7, threshold: 10, evidence: { cells: 3, smallCells: [{ aggregate: 'approvals by district', group: ['south'], count: 7 }], misstatedCells: [] } })
    expect(judge(aggregates, 5)).toMatchObject({ passed: true, figure: 7 })
  })

  it('holds a cell of one applicant that claims to count 10, by the rows it names', () => {
    const r = judge([{ name: 'one by one', groupBy: ['applicant'], over, cells: [{ group: ['101'], count: 10, rows: [[3, 4]] }] }])
    expect(r).toMatchObject({ passed: false, figure: 1, evidence: { misstatedCells: [{ aggregate: 'one by one', group: ['101'], stated: 10, counted: 1 }] } })
    expect(r.message).toMatch(/states 10 and names 1/)
    // Naming the same row ten times counts it once.
    expect(judge([{ name: 'repeated', groupBy: ['applicant'], over, cells: [{ group: ['101'], count: 10, rows: Array.from({ length: 10 }, () => [3, 4]) }] }])).toMatchObject({ passed: false, figure: 1 })
  })

  it('is not evaluable for a count without rows, rows of an unknown dataset, or rows beyond the partition', () => {
    expect(() => judge([{ name: 'said so', groupBy: ['g'], cells: [{ group: ['a'], count: 50 }] }])).toThrow(/does not name the rows its cells count/)
    expect(() => judge([{ name: 'said so', groupBy: ['g'], over, cells: [{ group: ['a'], count: 50 }] }])).toThrow(/does not name the rows its cells count/)
    expect(() => judge([{ name: 'elsewhere', groupBy: ['g'], over: { dataset: 'firms', partition: 'evaluation' }, cells: [{ group: ['a'], count: 10, rows: [[0, 10]] }] }])).toThrow(/not a dataset of this run/)
    expect(() => judge([{ name: 'beyond', groupBy: ['g'], over, cells: [{ group: ['a'], count: 20, rows: [[190, 210]] }] }])).toThrow(/beyond the 200 rows/)
  })

  it('holds two overlapping cells that differ by fewer than 10 rows: subtracting one publishes the difference', () => {
    // A district of 25 and its 20 approved: the 5 declined are a cell of 5 by subtraction.
    const nested = [
      { name: 'applicants by district', groupBy: ['district'], over, cells: [{ group: ['north'], count: 25, rows: [[0, 25]], values: { meanIncome: 51_000 } }] },
      { name: 'approved by district', groupBy: ['district'], over, cells: [{ group: ['north'], count: 20, rows: [[0, 10], [15, 25]], values: { meanIncome: 53_000 } }] },
    ]
    const r = judge(nested)
    expect(r).toMatchObject({ passed: false, figure: 5, threshold: 10, evidence: { differencingPairs: [{ a: { aggregate: 'applicants by district', count: 25 }, b: { aggregate: 'approved by district', count: 20 }, difference: 5 }] } })
    expect(r.message).toMatch(/1 pairs? of published cells overlap and differ by fewer than 10 rows, so subtracting one from the other publishes a cell of 5/)
    // One cell split into two halves that overlap in all but 3 rows each way.
    expect(judge([{ name: 'split', groupBy: ['g'], over, cells: [{ group: ['a'], count: 40, rows: [[0, 40]] }, { group: ['a'], count: 40, rows: [[3, 43]] }] }])).toMatchObject({ passed: false, figure: 3 })
    // Disjoint cells, identical cells, and cells differing by 10 or more pass.
    expect(judge([{ name: 'ok', groupBy: ['g'], over, cells: [{ group: ['a'], count: 40, rows: [[0, 40]] }, { group: ['b'], count: 40, rows: [[40, 80]] }, { group: ['c'], count: 40, rows: [[0, 40]] }, { group: ['d'], count: 30, rows: [[10, 40]] }] }])).toMatchObject({ passed: true, figure: 30 })
    // Cells of other partitions never difference each other.
    const both = { applicants: dataset('credit-applicants', t.build(), { training: t.build() }) }
    const split = [nested[0]!, { ...nested[1]!, over: { ...over, partition: 'training' as const } }]
    expect(aggregateCellCounts.evaluate(checkInput('credit-decisions', { kind: 'credit-decisions', aggregates: split }, both), { k: 10 })).toMatchObject({ passed: true, figure: 20 })
  })

  it('holds a cell grouped by a column of the data that names rows of another group (a small group padded to 10)', () => {
    const region = tableBuilder({ id: 'u32', region: 'dict' }, 40)
    for (let i = 0; i < 40; i++) region.columns.region.set(i, i < 3 ? 'rural' : 'urban')
    const ds = { applicants: dataset('credit-applicants', region.build()) }
    const run = (cells: unknown[]) => aggregateCellCounts.evaluate(checkInput('credit-decisions', { kind: 'credit-decisions', aggregates: [{ name: 'by region', groupBy: ['region'], over, cells }] }, ds), { k: 10 })
    const r = run([{ group: ['rural'], count: 10, rows: [[0, 10]], values: { meanIncome: 18_000 } }])
    expect(r).toMatchObject({ passed: false, evidence: { cellsWithForeignRows: [{ aggregate: 'by region', group: ['rural'], column: 'region', row: 3, value: 'urban' }] } })
    expect(r.message).toMatch(/names row 3, whose region is urban/)
    expect(run([{ group: ['urban'], count: 37, rows: [[3, 40]] }])).toMatchObject({ passed: true, figure: 37 })
    // A constant column and many cells naming every row: the host stops at 50,000,000 row values.
    const constant = tableBuilder({ id: 'u32', currency: 'dict' }, 1_000_000)
    for (let i = 0; i < 1_000_000; i++) constant.columns.currency.set(i, 'CNY')
    const big = { applicants: dataset('credit-applicants', constant.build()) }
    const cells = Array.from({ length: 51 }, () => ({ group: ['CNY'], count: 1_000_000, rows: [[0, 1_000_000]] }))
    expect(() => aggregateCellCounts.evaluate(checkInput('credit-decisions', { kind: 'credit-decisions', aggregates: [{ name: 'by currency', groupBy: ['currency'], over, cells }] }, big), { k: 10 })).toThrow(/more than 50000000 row values/)
  })

  it('passes an output without aggregates', () => {
    expect(judge([])).toMatchObject({ passed: true, figure: null })
  })
})

describe('rowRanges', () => {
  it('compresses indices, in any order and with repeats, into the fewest half-open ranges', () => {
    expect(rowRanges([5, 1, 2, 3, 3, 9, 10])).toEqual([[1, 4], [5, 6], [9, 11]])
    expect(rowRanges([])).toEqual([])
  })
})

describe('privacy/aggregate-cell-dominance: the p% rule', () => {
  it('by hand, p = 10: 100 among nine 1s leaves 109 − 100 − 1 = 8 < 10 (short by 2); 100, 50 and eight 10s leave 80 ≥ 10', () => {
    expect(pPercentShortfall([100, 1, 1, 1, 1, 1, 1, 1, 1, 1], 10)).toBeCloseTo(2, 12)
    expect(pPercentShortfall([100, 50, 10, 10, 10, 10, 10, 10, 10, 10], 10)).toBe(0)
    // Magnitudes: a loss of −100 is a contribution of 100.
    expect(pPercentShortfall([-100, 1, 1, 1, 1, 1, 1, 1, 1, 1], 10)).toBeCloseTo(2, 12)
    // One or two rows with the attribute are disclosed; three are not; none is no contribution at all.
    expect(pPercentShortfall([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 10)).toBeCloseTo(0.1, 12)
    expect(pPercentShortfall([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], 10)).toBeCloseTo(0.1, 12)
    expect(pPercentShortfall([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], 10)).toBe(0)
    expect(pPercentShortfall([0, 0, 0], 10)).toBe(0)
  })
})
