import { BundError, generateDataset, parseDatasetOptions } from '@bund/core'
import { describe, expect, it } from 'vitest'

/** The BundError a call throws. */
function errorOf(f: () => unknown): BundError {
  try {
    f()
  } catch (e) {
    if (e instanceof BundError) return e
    throw e
  }
  throw new Error('did not throw')
}

describe('data options', () => {
  it('fills in the defaults', () => {
    expect(parseDatasetOptions('credit-applicants', {})).toEqual({ baseRate: 0.2, drift: 0 })
    expect(parseDatasetOptions('transactions', undefined)).toEqual({ launderingRate: 0.001, days: 30 })
    expect(parseDatasetOptions('settlement-instructions', { participants: 5 })).toEqual({ participants: 5, insufficientFundsRate: 0.03, duplicateRate: 0.01, unknownParticipantRate: 0.01 })
  })

  it.each([
    ['credit-applicants', { baseRate: 0.9 }, /credit-applicants: options\.baseRate: .*0\.6/],
    ['credit-applicants', { baseRate: 'high' }, /options\.baseRate: .*number/],
    ['transactions', { launderingRate: -1 }, /options\.launderingRate/],
    ['transactions', { days: 2.5 }, /options\.days: .*int/],
    ['transactions', { laundryRate: 0.01 }, /unknown option options\.laundryRate/],
    ['market-series', { instruments: 9 }, /options\.instruments/],
    ['settlement-instructions', { insufficientFundsRate: 0.3, duplicateRate: 0.3 }, /at most 0\.5/],
  ] as const)('%s refuses %j with DATA_INVALID naming the option', (kind, options, message) => {
    const e = errorOf(() => generateDataset({ kind, rows: 10, seed: 1, options }))
    expect(e.code).toBe('DATA_INVALID')
    expect(e.message).toMatch(message)
  })

  it('refuses bad sizes, seeds and kinds with DATA_INVALID', () => {
    expect(errorOf(() => generateDataset({ kind: 'transactions', rows: 0, seed: 1 })).message).toMatch(/rows must be an integer from 1/)
    expect(errorOf(() => generateDataset({ kind: 'transactions', rows: 10, trainingRows: -1, seed: 1 })).message).toMatch(/trainingRows/)
    expect(errorOf(() => generateDataset({ kind: 'transactions', rows: 1_500_000, trainingRows: 600_000, seed: 1 })).message).toMatch(/at most 2000000/)
    expect(errorOf(() => generateDataset({ kind: 'transactions', rows: 10, seed: 1.5 })).message).toMatch(/seed must be an integer/)
    expect(errorOf(() => generateDataset({ kind: 'loans' as never, rows: 10, seed: 1 })).message).toMatch(/unknown dataset kind loans; known: credit-applicants/)
  })
})
