/**
 * The typology-difficulty ceiling (`alert-plausibility`): untraceable laundering legs are ordinary
 * rows labelled by a stream of their own, so an honest alert set flags them at the rate it flags
 * ordinary traffic; flagging them beyond what Fisher's exact test allows means the labels leaked.
 */
import { alertPlausibility, generateDataset, hypergeometricUpperTail } from '@bund/core'
import { amlAlerts, viewColumn } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput } from './checks-fixtures.js'

describe('hypergeometric upper tail', () => {
  // scipy.stats.hypergeom.sf(x - 1, N, K, n), scipy 1.x.
  it.each([
    [3, 1000, 20, 50, 0.07357608135605231],
    [1, 50_000, 25, 60, 0.029578946039353585],
    [10, 100_000, 25, 200, 2.5960596324299983e-21],
    [5, 2_000_000, 300, 1500, 3.842920031534528e-6],
    [0, 100, 5, 10, 1],
    [25, 49_950, 25, 60, 2.7871714763541533e-76],
  ])('P(X ≥ %i) for N = %i, K = %i, n = %i is scipy’s %f', (x, N, K, n, expected) => {
    // Relative error below 1e-7: ln n! of n in the millions loses digits to cancellation.
    expect(hypergeometricUpperTail(x, N, K, n) / expected).toBeCloseTo(1, 7)
  })
})

describe('alert-plausibility', () => {
  const data = generateDataset({ kind: 'transactions', rows: 60_000, seed: 5, options: { launderingRate: 0.01 } })
  const t = data.evaluation
  const ids = viewColumn(t.columns['id']!) as Uint32Array
  const laundering = viewColumn(t.columns['laundering']!) as Uint8Array
  const truth = data.probabilities!
  /** Alerts on the rows `pick` chooses. */
  const alerts = (pick: (i: number) => boolean) => {
    const out = amlAlerts()
    for (let i = 0; i < t.rows; i++) if (pick(i)) out.alert({ transactionIds: [ids[i]!], typology: 'fan-out', reason: 'test', score: 1 })
    return out.build()
  }
  const judge = (pick: (i: number) => boolean) => alertPlausibility.evaluate(checkInput('aml-alerts', alerts(pick), { payments: data }), { alpha: 0.001 })
  // Every planted leg, and 2% of all rows by a hash of the id (blind to the labels).
  const honest = (i: number) => truth[i] === 1 || Math.imul(ids[i]!, 0x9e3779b1) >>> 0 < 0.02 * 2 ** 32
  const untraceable = Array.from({ length: t.rows }, (_, i) => i).filter((i) => truth[i]! < 1 && laundering[i] === 1)

  it('the data has untraceable legs to measure', () => {
    expect(untraceable.length).toBeGreaterThan(30)
  })

  it('passes an alert set that finds every planted leg and flags ordinary rows blind to the labels', () => {
    const r = judge(honest)
    expect(r.passed).toBe(true)
    expect(r.figure!).toBeLessThan(0.15)
    expect(r.threshold!).toBeGreaterThan(r.figure!)
  })

  it('holds an alert set that also finds the untraceable legs, with the ceiling as its threshold', () => {
    const leaked = new Set(untraceable)
    const r = judge((i) => honest(i) || leaked.has(i))
    expect(r.passed).toBe(false)
    expect(r.figure).toBe(1)
    expect(r.message).toMatch(/^implausible: leakage suspected/)
    const e = r.evidence as { ordinaryRows: number; untraceableLegs: number; alertedOrdinary: number; alertedUntraceable: number; pValue: number }
    expect(e.untraceableLegs).toBe(untraceable.length)
    // The ceiling is the largest count whose tail probability exceeds alpha.
    const population = e.ordinaryRows + e.untraceableLegs
    const alerted = e.alertedOrdinary + e.alertedUntraceable
    const limit = Math.round(r.threshold! * e.untraceableLegs)
    expect(hypergeometricUpperTail(limit, population, e.untraceableLegs, alerted)).toBeGreaterThan(0.001)
    expect(hypergeometricUpperTail(limit + 1, population, e.untraceableLegs, alerted)).toBeLessThanOrEqual(0.001)
    expect(e.pValue).toBe(hypergeometricUpperTail(e.untraceableLegs, population, e.untraceableLegs, alerted))
  })

  it('has nothing to bound when no untraceable leg is in the partition', () => {
    const none = generateDataset({ kind: 'transactions', rows: 2000, seed: 5, options: { launderingRate: 0 } })
    const r = alertPlausibility.evaluate(checkInput('aml-alerts', amlAlerts().build(), { payments: none }), { alpha: 0.001 })
    expect(r).toMatchObject({ passed: true, figure: null })
  })
})
