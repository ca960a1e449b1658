/**
 * privacy/aggregate-cell-values: every cell value is recomputed by the host from the rows its cell
 * names, as its aggregate's measures declare; checked against a table small enough to compute by hand.
 */
import { ExactSum, aggregateCellDominance, aggregateCellValues } from '@bund/core'
import { type TableData, createRandom, creditDecisions, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

/**
 * The worked reference, six applicants:
 *
 * | row | id | income | region | defaulted (label) |
 * | --- | --- | --- | --- | --- |
 * | 0 | 1 | 1000 | north | 0 |
 * | 1 | 2 | 2500.5 | south | 1 |
 * | 2 | 3 | 3000 | north | 0 |
 * | 3 | 4 | 0.1 | north | 1 |
 * | 4 | 5 | 0.2 | south | 0 |
 * | 5 | 6 | 0.3 | north | 0 |
 *
 * Rows 0–2: income sum 6500.5, mean 6500.5 / 3 = 2166.8333333333335, share north 2/3.
 * Rows 3–5: income sum 0.1 + 0.2 + 0.3, exactly rounded 0.6 (added left to right, 0.6000000000000001).
 * Training (the same six rows): defaulted mean over rows 0–3 = 2/4 = 0.5.
 */
function table(withLabel: boolean): TableData {
  const t = tableBuilder({ id: 'u32', income: 'f64', region: 'dict', ...(withLabel ? { defaulted: 'u8' as const } : {}) }, 6)
  const income = [1000, 2500.5, 3000, 0.1, 0.2, 0.3]
  const region = ['north', 'south', 'north', 'north', 'south', 'north']
  const defaulted = [0, 1, 0, 1, 0, 0]
  for (let i = 0; i < 6; i++) {
    t.columns.id[i] = i + 1
    t.columns.income[i] = income[i]!
    t.columns.region.set(i, region[i]!)
    if (withLabel) (t.columns as unknown as { defaulted: Uint8Array }).defaulted[i] = defaulted[i]!
  }
  return t.build()
}

const applicants = { ...dataset('credit-applicants', table(true), { training: table(true) }), labels: ['defaulted'] }
const datasets = { applicants }
const evaluation = { dataset: 'applicants', partition: 'evaluation' as const }
const training = { dataset: 'applicants', partition: 'training' as const }

/** Decisions approving rows 0, 2 and 5 (ids 1, 3, 6) with score 0.1·id. */
function decisions() {
  const d = creditDecisions(6)
  for (let i = 0; i < 6; i++) d.set(i, { applicantId: i + 1, approved: [0, 2, 5].includes(i), score: 0.1 * (i + 1), reasons: [] })
  return d.build()
}

const judge = (aggregates: unknown[], output: object = { kind: 'credit-decisions' }) => aggregateCellValues.evaluate(checkInput('credit-decisions', { ...output, aggregates }, datasets), {})

const measures = { meanIncome: { stat: 'mean', column: 'income' }, totalIncome: { stat: 'sum', column: 'income' }, north: { stat: 'share', column: 'region', equals: 'north' } }

/** The check on one aggregate over the evaluation rows, block a = rows 0–2 and block b = rows 3–5, with these values. */
const blocks = (a: Record<string, number>, b: Record<string, number>, reported?: Record<string, number>) =>
  judge([
    {
      name: 'income by block',
      groupBy: ['block'],
      over: evaluation,
      measures,
      cells: [
        { group: ['a'], count: 3, rows: [[0, 3]], values: a },
        { group: ['b'], count: 3, rows: [[3, 6]], values: b, ...(reported ? { reported } : {}) },
      ],
    },
  ])

describe('exact sums', () => {
  it('round once, whatever the order: 0.1 + 0.2 + 0.3 = 0.6, ten 0.1 = 1, 1e100 + 1 − 1e100 = 1', () => {
    const sum = (xs: number[]) => xs.reduce((s, x) => (s.add(x), s), new ExactSum()).value()
    expect(sum([0.1, 0.2, 0.3])).toBe(0.6)
    expect(sum([0.3, 0.2, 0.1])).toBe(0.6)
    expect(sum(Array(10).fill(0.1))).toBe(1)
    expect(sum([1e100, 1, -1e100])).toBe(1)
    expect(sum([])).toBe(0)
    expect(sum([1, Number.NaN])).toBeNaN()
  })

  it('equals the exact sum rounded once, on 200 random lists of mixed magnitudes and signs', () => {
    // Reference: every term times 2^200 is an integer (|x| ≥ 2^-100 here), summed as a BigInt without
    // error; Number() of a BigInt rounds to nearest, ties to even; dividing by 2^200 is exact.
    const rng = createRandom(17)
    for (let t = 0; t < 200; t++) {
      const xs = Array.from({ length: 1 + rng.int(0, 200) }, () => (rng.next() - 0.5) * 10 ** rng.int(-20, 20) * (rng.next() < 0.1 ? 1e15 : 1))
      const exact = Number(xs.reduce((s, x) => s + BigInt(x * 2 ** 200), 0n)) / 2 ** 200
      const s = new ExactSum()
      for (const x of xs) s.add(x)
      expect(s.value(), `list ${t}`).toBe(exact)
    }
  })
})

describe('aggregate cell values (recomputed by the host over the rows each cell names)', () => {
  it('passes the worked reference: mean, sum and share of columns, within 1e-9 relative', () => {
    // Block b stated as a scenario adds its rows: 0.6000000000000001 is within 1e-9 of the exact 0.6.
    const r = blocks({ meanIncome: 6500.5 / 3, totalIncome: 6500.5, north: 2 / 3 }, { meanIncome: (0.1 + 0.2 + 0.3) / 3, totalIncome: 0.1 + 0.2 + 0.3, north: 2 / 3 }, { auc: 0.9 })
    expect(r).toMatchObject({ passed: true, figure: 0, threshold: 0, evidence: { cells: 2, values: 6, reported: 1, misstatedValues: [], undeclaredValues: [] } })
    expect(r.message).toBe("all 6 published cell values (of 2 cells) are the statistics of their cells' rows, recomputed by the host; 1 figures are reported by the scenario, not recomputed")
  })

  it('gives the exact figures it recomputed when a value is misstated', () => {
    const r = blocks({ meanIncome: 2166.8333333333335 * (1 + 1e-6), totalIncome: 0, north: 0 }, { totalIncome: 0 })
    expect(r).toMatchObject({ passed: false, figure: 4 })
    expect(r.evidence!['misstatedValues']).toEqual([
      { aggregate: 'income by block', group: ['a'], value: 'meanIncome', stated: 2166.8333333333335 * (1 + 1e-6), recomputed: 2166.8333333333335 },
      { aggregate: 'income by block', group: ['a'], value: 'totalIncome', stated: 0, recomputed: 6500.5 },
      { aggregate: 'income by block', group: ['a'], value: 'north', stated: 0, recomputed: 2 / 3 },
      { aggregate: 'income by block', group: ['b'], value: 'totalIncome', stated: 0, recomputed: 0.6 },
    ])
    expect(r.message).toBe(`4 published cell values are not the statistic of the rows their cell names, e.g. "income by block" ["a"] "meanIncome" states ${2166.8333333333335 * (1 + 1e-6)}, recomputed 2166.8333333333335`)
  })

  it('holds one row’s figure carried by a cell padded with unrelated rows (no groupBy column to catch the padding)', () => {
    // Row 1's income as the "mean" of a cell of rows 0–5.
    const r = judge([{ name: 'income by cohort', groupBy: ['cohort'], over: evaluation, measures, cells: [{ group: ['c'], count: 6, rows: [[0, 6]], values: { meanIncome: 2500.5 } }] }])
    expect(r).toMatchObject({ passed: false, figure: 1, evidence: { misstatedValues: [{ value: 'meanIncome', stated: 2500.5, recomputed: (6500.5 + 0.6) / 6 }] } })
  })

  it('fails a value no measure declares, with the remedy in its sentence; reported figures are not values', () => {
    const r = judge([{ name: 'income by block', groupBy: ['block'], over: evaluation, cells: [{ group: ['a'], count: 3, rows: [[0, 3]], values: { medianIncome: 2500.5 }, reported: { anything: 1 } }] }])
    expect(r).toMatchObject({ passed: false, figure: 1, evidence: { undeclaredValues: [{ aggregate: 'income by block', group: ['a'], value: 'medianIncome' }] } })
    expect(r.message).toBe('1 published cell values declare no measure, so they are the scenario\'s own word, e.g. "income by block" ["a"] "medianIncome"')
    // Only reported figures: nothing to recompute.
    expect(judge([{ name: 'model', groupBy: ['model'], cells: [{ group: ['m'], count: 0, reported: { auc: 0.8 } }] }])).toMatchObject({ passed: true, figure: 0, message: 'the output publishes no aggregate cell values; 1 figures are reported by the scenario, not recomputed' })
  })

  it('a mean or share of an empty cell does not exist; its sum is 0', () => {
    const r = judge([{ name: 'empty', groupBy: ['g'], over: evaluation, measures, cells: [{ group: ['none'], count: 0, rows: [], values: { totalIncome: 0, meanIncome: 0 } }] }])
    expect(r).toMatchObject({ passed: false, figure: 1, evidence: { misstatedValues: [{ value: 'meanIncome', stated: 0, recomputed: null }] } })
    expect(r.message).toMatch(/recomputed none \(the cell names no rows\)$/)
  })

  it('reads a label of the training partition, which the scenario sees, and refuses one of the evaluation partition', () => {
    const defaultRate = { defaultRate: { stat: 'mean', column: 'defaulted' } }
    const cell = { group: ['a'], count: 4, rows: [[0, 4]], values: { defaultRate: 0.5 } }
    expect(judge([{ name: 'back-test', groupBy: ['g'], over: training, measures: defaultRate, cells: [cell] }])).toMatchObject({ passed: true })
    expect(() => judge([{ name: 'hidden', groupBy: ['g'], over: evaluation, measures: defaultRate, cells: [cell] }])).toThrow(
      'the measure of "defaultRate" in aggregate "hidden" reads "defaulted", a label of the evaluation partition of "applicants" that the scenario cannot see; the host publishes no figure of it',
    )
  })

  it('is not evaluable for an unknown column, a mean of a dictionary column, or a count without rows', () => {
    const cell = { group: ['a'], count: 3, rows: [[0, 3]], values: { x: 1 } }
    expect(() => judge([{ name: 'a', groupBy: ['g'], over: evaluation, measures: { x: { stat: 'mean', column: 'wealth' } }, cells: [cell] }])).toThrow(/reads column "wealth", which "applicants" does not have/)
    expect(() => judge([{ name: 'a', groupBy: ['g'], over: evaluation, measures: { x: { stat: 'mean', column: 'region' } }, cells: [cell] }])).toThrow(/a dictionary column: a mean needs a numeric column \(use share with equals\)/)
    expect(() => judge([{ name: 'a', groupBy: ['g'], measures: { x: { stat: 'sum', column: 'income' } }, cells: [cell] }])).toThrow(/does not name the rows its cells count/)
  })

  it("joins the result's approvals and scores to the evaluation rows by applicant id", () => {
    const byResult = { approvalRate: { stat: 'mean', result: 'approved' }, meanScore: { stat: 'mean', result: 'score' }, approvals: { stat: 'sum', result: 'approved' } }
    // Rows 0–2 (ids 1–3): approved 1, 0, 1; scores 0.1, 0.2, 0.3 (as 0.1·id).
    const cells = [{ group: ['a'], count: 3, rows: [[0, 3]], values: { approvalRate: 2 / 3, meanScore: (0.1 + 0.2 + 0.30000000000000004) / 3, approvals: 2 } }]
    expect(judge([{ name: 'approval', groupBy: ['g'], over: evaluation, measures: byResult, cells }], decisions())).toMatchObject({ passed: true, evidence: { values: 3 } })
    expect(judge([{ name: 'approval', groupBy: ['g'], over: evaluation, measures: byResult, cells: [{ ...cells[0]!, values: { approvalRate: 1 } }] }], decisions())).toMatchObject({
      passed: false,
      evidence: { misstatedValues: [{ value: 'approvalRate', stated: 1, recomputed: 2 / 3 }] },
    })
    // The result joins to the evaluation partition only, and has no field `apr`.
    expect(() => judge([{ name: 'approval', groupBy: ['g'], over: training, measures: byResult, cells }], decisions())).toThrow(/joins to the evaluation partition of "applicants" only/)
    expect(() => judge([{ name: 'approval', groupBy: ['g'], over: evaluation, measures: { approvalRate: { stat: 'mean', result: 'apr' } }, cells }], decisions())).toThrow(
      'the measure of "approvalRate" in aggregate "approval" reads "apr" of the result, which the host does not join to rows for credit-decisions (it joins approved, score)',
    )
  })
})

describe('privacy/aggregate-cell-dominance on the worked reference (p = 10)', () => {
  const dominance = (aggregates: unknown[]) => aggregateCellDominance.evaluate(checkInput('credit-decisions', { ...decisions(), aggregates }, datasets), { p: 10 })
  const cell = (values: Record<string, number>) => ({ group: ['c'], count: 3, rows: [[0, 3]] as Array<[number, number]>, values })

  it('income over rows 0–2 (3000, 2500.5, 1000): the remainder 1000 is at least 10 % of 3000, so it passes', () => {
    expect(dominance([{ name: 'income', groupBy: ['c'], over: evaluation, measures, cells: [cell({ meanIncome: 2166.8333333333335, totalIncome: 6500.5 })] }])).toMatchObject({ passed: true, figure: 0, evidence: { tested: 2 } })
  })

  it('the share north over rows 0–2 counts two rows with it: each tells the other, so it fails', () => {
    const r = dominance([{ name: 'north', groupBy: ['c'], over: evaluation, measures, cells: [cell({ north: 2 / 3 })] }])
    expect(r).toMatchObject({ passed: false, figure: 1, evidence: { sensitiveValues: [{ aggregate: 'north', value: 'north', rows: 3 }] } })
    expect(r.message).toMatch(/1 of 1 cell values computed from the data let one record be estimated within 10%/)
  })

  it('a result field (approvals 1, 0, 1) is the scenario’s own per-row output: not tested', () => {
    expect(dominance([{ name: 'approvals', groupBy: ['c'], over: evaluation, measures: { approvalRate: { stat: 'mean', result: 'approved' } }, cells: [cell({ approvalRate: 2 / 3 })] }])).toMatchObject({ passed: true, evidence: { tested: 0 } })
  })
})
