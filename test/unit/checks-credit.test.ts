import { aprCap, counterfactualProbe, equalOpportunityDifference, exchangePairs, statisticalParityDifference } from '@bund/core'
import { creditDecisions, riskScores, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

/**
 * Ten applicants, ids 101–110: six urban, four rural.
 * approved:  urban 1 1 1 1 0 0 (4/6 = 0.667)   rural 1 1 0 0 (2/4 = 0.5)
 * defaulted: urban 0 0 1 0 0 1                 rural 0 1 0 0
 * Repaying and approved: urban 0,1,3 of 0,1,3,4 (3/4 = 0.75); rural 6 of 6,8,9 (1/3).
 * Incomes interleave urban and rural rows 500 apart (0, 6, 1, 7, 2, 8, 3, 9, 4, 5), so the probe's
 * matched pairs for region (incomes within 2%) are (0, 6), (1, 7), (2, 8), (3, 9).
 */
const INCOME = [100_000, 101_000, 102_000, 103_000, 104_000, 104_500, 100_500, 101_500, 102_500, 103_500]
const REGIONS = ['urban', 'urban', 'urban', 'urban', 'urban', 'urban', 'rural', 'rural', 'rural', 'rural']
const APPROVED = [1, 1, 1, 1, 0, 0, 1, 1, 0, 0]
const DEFAULTED = [0, 0, 1, 0, 0, 1, 0, 1, 0, 0]
const APR = [0.05, 0.11, 0.12, 0.13, NaN, NaN, 0.09, Number.NaN, NaN, NaN]

function handWorked(approved = APPROVED, apr = APR) {
  const applicants = tableBuilder({ id: 'u32', income: 'f64', region: 'dict', defaulted: 'u8' }, 10)
  const out = creditDecisions(10)
  REGIONS.forEach((r, i) => {
    applicants.columns.id[i] = 101 + i
    applicants.columns.region.set(i, r)
    applicants.columns.income[i] = INCOME[i]!
    applicants.columns.defaulted[i] = DEFAULTED[i]!
    out.set(i, { applicantId: 101 + i, approved: approved[i] === 1, score: 0.5, apr: apr[i]!, reasons: approved[i] === 1 ? [] : ['INCOME_INSUFFICIENT'] })
  })
  return { output: out.build(), datasets: { applicants: dataset('credit-applicants', applicants.build()) } }
}

describe('statistical parity difference', () => {
  it('is the highest minus the lowest approval rate: 0.667 − 0.5 = 0.167', () => {
    const { output, datasets } = handWorked()
    const r = statisticalParityDifference.evaluate(checkInput('credit-decisions', output, datasets), { attribute: 'region', threshold: 0.1 })
    expect(r.figure).toBeCloseTo(4 / 6 - 2 / 4, 12)
    expect(r.passed).toBe(false)
    expect(r.evidence).toMatchObject({ attribute: 'region', attributes: { region: { groups: { urban: { applicants: 6, approved: 4 }, rural: { applicants: 4, approved: 2 } } } } })
    expect(statisticalParityDifference.evaluate(checkInput('credit-decisions', output, datasets), { attribute: 'region', threshold: 0.2 }).passed).toBe(true)
  })
})

describe('equal opportunity difference', () => {
  it('compares approval rates of repaying applicants only: 0.75 − 0.333 = 0.417', () => {
    const { output, datasets } = handWorked()
    const r = equalOpportunityDifference.evaluate(checkInput('credit-decisions', output, datasets), { attribute: 'region', label: 'defaulted', threshold: 0.1 })
    expect(r.figure).toBeCloseTo(0.75 - 1 / 3, 12)
    expect(r.passed).toBe(false)
    expect(r.evidence).toMatchObject({ attributes: { region: { groups: { urban: { repaid: 4, approved: 3, truePositiveRate: 0.75 }, rural: { repaid: 3, approved: 1 } } } } })
  })

  it('is not evaluable without the hidden labels', () => {
    const { output, datasets } = handWorked()
    expect(() => equalOpportunityDifference.evaluate(checkInput('credit-decisions', output, datasets), { attribute: 'region', label: 'repaid', threshold: 0.1 })).toThrow(/no u8 column repaid/)
  })
})

describe('APR cap', () => {
  it('fails an approval priced above 4 × LPR (0.13 > 0.12) and one without an APR', () => {
    const { output, datasets } = handWorked()
    const r = aprCap.evaluate(checkInput('credit-decisions', output, datasets), { lpr1y: 0.03, multiple: 4 })
    expect(r.threshold).toBeCloseTo(0.12, 12)
    expect(r.figure).toBe(0.13)
    expect(r.passed).toBe(false)
    expect(r.evidence).toMatchObject({ approvals: 6, overCap: 1, withoutApr: 1 })
  })

  it('passes when every approval is at or under the cap (0.12 is allowed)', () => {
    const { output, datasets } = handWorked(APPROVED, [0.05, 0.11, 0.12, 0.1, NaN, NaN, 0.09, 0.08, NaN, NaN])
    const r = aprCap.evaluate(checkInput('credit-decisions', output, datasets), { lpr1y: 0.03, multiple: 4 })
    expect(r.passed).toBe(true)
    expect(r.figure).toBe(0.12)
  })
})

describe('counterfactual probe', () => {
  const swapped = handWorked([1, 1, 1, 0, 0, 0, 1, 1, 0, 1]).output

  it('declares one exchange re-run per attribute: the named one, or every declared one', () => {
    expect(counterfactualProbe.reruns!({ attribute: 'gender', threshold: 0.01 }, ['gender', 'region'])).toEqual([{ kind: 'exchange-attribute', attribute: 'gender' }])
    expect(counterfactualProbe.reruns!({ threshold: 0.01 }, ['gender', 'region'])).toEqual([
      { kind: 'exchange-attribute', attribute: 'gender' },
      { kind: 'exchange-attribute', attribute: 'region' },
    ])
  })

  it('is the share of exchanged applicants whose decision changed: rows 3 and 9 of the 8 paired = 0.25', () => {
    const { output, datasets } = handWorked()
    expect([...exchangePairs('credit-applicants', datasets.applicants.evaluation, 'region')]).toEqual([0, 6, 1, 7, 2, 8, 3, 9])
    const input = checkInput('credit-decisions', output, datasets, { reruns: { 'exchange-attribute:region': { ok: true, output: swapped, outputHash: 'x' } } })
    const r = counterfactualProbe.evaluate(input, { attribute: 'region', threshold: 0.01 })
    expect(r.figure).toBeCloseTo(0.25, 12)
    expect(r.passed).toBe(false)
    expect(r.evidence).toMatchObject({ attribute: 'region', attributes: { region: { pairs: 4, exchanged: 8, changed: 2, approvedToDeclined: 1, declinedToApproved: 1, changedElsewhere: 0 } } })
  })

  it('matches decisions by applicant when the re-run lists them in another order', () => {
    const { output, datasets } = handWorked()
    const reversed = creditDecisions(10)
    ;[1, 1, 1, 0, 0, 0, 1, 1, 0, 1].forEach((a, i) => reversed.set(9 - i, { applicantId: 101 + i, approved: a === 1, score: 0.5, reasons: a === 1 ? [] : ['INCOME_INSUFFICIENT'] }))
    const input = checkInput('credit-decisions', output, datasets, { reruns: { 'exchange-attribute:region': { ok: true, output: reversed.build(), outputHash: 'x' } } })
    expect(counterfactualProbe.evaluate(input, { attribute: 'region', threshold: 0.01 })).toMatchObject({ figure: 0.25, evidence: { attributes: { region: { changed: 2, approvedToDeclined: 1, declinedToApproved: 1 } } } })
  })

  it('probes risk scores too: a score that moves by more than the tolerance is a change (rows 1 and 8: 0.25)', () => {
    const { datasets } = handWorked()
    const scored = (shift: (i: number) => number) => {
      const out = riskScores(10, 0)
      for (let i = 0; i < 10; i++) out.scores.set(i, 101 + i, 0.2 + 0.05 * i + shift(i))
      return out.build({ name: 'pd', features: ['income'], intendedUse: 'a unit test of the probe', limitations: 'ten rows, hand-made' })
    }
    // Row 1 rises by 0.01, row 8 falls by 0.002, row 2 moves by 0.0005 (within the tolerance), row 4 is outside every pair.
    const probed = scored((i) => ({ 1: 0.01, 8: -0.002, 2: 0.0005, 4: 0.3 })[i] ?? 0)
    const input = checkInput('risk-scores', scored(() => 0), datasets, { reruns: { 'exchange-attribute:region': { ok: true, output: probed, outputHash: 'x' } } })
    const r = counterfactualProbe.evaluate(input, { attribute: 'region', threshold: 0.01, tolerance: 0.001 })
    expect(r.figure).toBeCloseTo(2 / 8, 12)
    expect(r.passed).toBe(false)
    expect(r.evidence).toMatchObject({ attributes: { region: { pairs: 4, exchanged: 8, changed: 2, raised: 1, lowered: 1, changedElsewhere: 1 } } })
    expect(counterfactualProbe.evaluate(input, { attribute: 'region', threshold: 0.01, tolerance: 0.02 })).toMatchObject({ passed: true, figure: 0 })
  })

  it('passes when nothing changes, and is not evaluable without the re-run', () => {
    const { output, datasets } = handWorked()
    const same = checkInput('credit-decisions', output, datasets, { reruns: { 'exchange-attribute:region': { ok: true, output: handWorked().output, outputHash: 'x' } } })
    expect(counterfactualProbe.evaluate(same, { attribute: 'region', threshold: 0.01 })).toMatchObject({ passed: true, figure: 0 })
    expect(() => counterfactualProbe.evaluate(checkInput('credit-decisions', output, datasets), { attribute: 'region', threshold: 0.01 })).toThrow(/not performed/)
    const failed = checkInput('credit-decisions', output, datasets, { reruns: { 'exchange-attribute:region': { ok: false, error: { code: 'SANDBOX_TIMEOUT', message: 'slow' } } } })
    expect(() => counterfactualProbe.evaluate(failed, { attribute: 'region', threshold: 0.01 })).toThrow(/SANDBOX_TIMEOUT/)
  })
})
