import { auc, brier, brierSkill, calibrationEce, hanleyMcNeil, ks, modelCard, plausibility, populationStabilityIndex, psi, rocAuc, scoreEqualOpportunity, scoreGroupCalibration, scoreParity, sortScores } from '@bund/core'
import { riskScores, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

/**
 * Seven evaluated rows, ids 1–7. Defaulters score 0.8, 0.6, 0.4; the others 0.7, 0.4, 0.2, 0.1.
 * AUC: 0.8 beats 4, 0.6 beats 3, 0.4 beats 2 and ties 1 → (4 + 3 + 2.5) / 12 = 0.7917.
 * KS: at 0.2, F(defaulters) = 0 and F(others) = 2/4 → 0.5.
 * Brier: (0.04 + 0.16 + 0.36 + 0.49 + 0.16 + 0.04 + 0.01) / 7 = 1.26 / 7 = 0.18.
 * ECE, 10 bins: (0.1 + 0.2 + 2·0.1 + 0.4 + 0.7 + 0.2) / 7 = 1.8 / 7.
 */
const SCORES = [0.8, 0.6, 0.4, 0.7, 0.4, 0.2, 0.1]
const DEFAULTED = [1, 1, 1, 0, 0, 0, 0]

function handWorked(training: number[] = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95], model = { name: 'pd-model', features: ['income', 'debt-to-income'], intendedUse: 'Ranking retail applicants by probability of default', limitations: 'Not validated for small-business loans' }) {
  const rows = tableBuilder({ id: 'u32', gender: 'dict', defaulted: 'u8' }, 7)
  const out = riskScores(7, training.length)
  SCORES.forEach((s, i) => {
    rows.columns.id[i] = i + 1
    rows.columns.gender.set(i, i % 2 === 0 ? 'f' : 'm')
    rows.columns.defaulted[i] = DEFAULTED[i]!
    out.scores.set(6 - i, i + 1, s)
  })
  training.forEach((s, i) => out.training.set(i, 100 + i, s))
  const datasets = { applicants: dataset('credit-applicants', rows.build(), { protected: ['gender'] }) }
  return checkInput('risk-scores', out.build(model), datasets)
}

describe('risk-model checks', () => {
  it('AUC = 9.5 / 12 and Gini = 2·AUC − 1', () => {
    const r = auc.evaluate(handWorked(), { threshold: 0.6 })
    expect(r.figure).toBeCloseTo(9.5 / 12, 12)
    expect(r.evidence).toMatchObject({ defaults: 3, nonDefaults: 4 })
    expect((r.evidence as { gini: number }).gini).toBeCloseTo(2 * (9.5 / 12) - 1, 12)
    expect(r.passed).toBe(true)
    expect(auc.evaluate(handWorked(), { threshold: 0.8 }).passed).toBe(false)
  })

  it('AUC handles heavy ties as one half each', () => {
    expect(rocAuc(Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5, 0.5))).toBe(0.5)
    expect(rocAuc(Float64Array.of(0.9), Float64Array.of(0.1, 0.9))).toBe(0.75)
  })

  it('the radix sort of scores agrees with the built-in sort, including scores closer than 2⁻³²', () => {
    let seed = 11
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32
    const values = Float64Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? 0.25 + (i % 5) * 1e-12 : i % 11 === 0 ? 1 : i % 13 === 0 ? 0 : next()))
    expect(Array.from(sortScores(Float64Array.from(values)))).toEqual(Array.from(Float64Array.from(values).sort()))
    // Outside [0, 1] it falls back to the built-in sort.
    expect(Array.from(sortScores(Float64Array.from({ length: 5000 }, (_, i) => 2500 - i)))).toEqual(Array.from({ length: 5000 }, (_, i) => i - 2499))
  })

  it('KS = 0.5 at score 0.2', () => {
    const r = ks.evaluate(handWorked(), { threshold: 0.2 })
    expect(r.figure).toBeCloseTo(0.5, 12)
    expect(r.evidence).toMatchObject({ atScore: 0.2 })
  })

  it('Brier = 1.26 / 7 = 0.18', () => {
    const r = brier.evaluate(handWorked(), { threshold: 0.2 })
    expect(r.figure).toBeCloseTo(0.18, 12)
    expect(r.passed).toBe(true)
    expect((r.evidence as { baseRateBrier: number }).baseRateBrier).toBeCloseTo((3 / 7) * (4 / 7), 12)
  })

  it('ECE over 10 bins = 1.8 / 7', () => {
    const r = calibrationEce.evaluate(handWorked(), { bins: 10, threshold: 0.05 })
    expect(r.figure).toBeCloseTo(1.8 / 7, 12)
    expect(r.passed).toBe(false)
    expect((r.evidence as { bins: unknown[] }).bins).toHaveLength(6)
  })

  it('PSI with 2 bins: expected split at 0.55 into halves; actual 4/7 below and 3/7 above', () => {
    // The seven actual scores: below 0.55 are 0.4, 0.4, 0.2, 0.1 (4/7); at or above, 0.8, 0.6, 0.7 (3/7).
    const expected = (4 / 7 - 0.5) * Math.log(4 / 7 / 0.5) + (3 / 7 - 0.5) * Math.log(3 / 7 / 0.5)
    const reference = Float64Array.from([0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95])
    expect(populationStabilityIndex(reference, Float64Array.from(SCORES), 2).psi).toBeCloseTo(expected, 12)
    // The check compares with the host's out-of-time run, never with the scenario's own training scores.
    expect(() => psi.evaluate(handWorked(), { bins: 2, threshold: 0.25 })).toThrow(/out-of-time partition was not performed/)
  })

  it('Brier skill score against the base-rate forecast: 1 − 0.18 / (3/7 · 4/7) = 0.265', () => {
    const r = brierSkill.evaluate(handWorked(), { threshold: 0.05 })
    expect(r.figure).toBeCloseTo(1 - 0.18 / ((3 / 7) * (4 / 7)), 12)
    expect(r.passed).toBe(true)
    expect(brierSkill.evaluate(handWorked(), { threshold: 0.3 }).passed).toBe(false)
  })

  it('score fairness across gender (f: rows 1, 3, 5, 7; m: rows 2, 4, 6)', () => {
    const input = handWorked()
    // Mean scores: f (0.8 + 0.4 + 0.4 + 0.1) / 4 = 0.425, m (0.6 + 0.7 + 0.2) / 3 = 0.5.
    expect(scoreParity.evaluate(input, { attribute: 'gender', threshold: 0.05 }).figure).toBeCloseTo(0.075, 12)
    // Default rates: f 2/4, m 1/3; gaps |0.425 − 0.5| = 0.075 and |0.5 − 1/3| = 1/6.
    const calibration = scoreGroupCalibration.evaluate(input, { attribute: 'gender', threshold: 0.03 })
    expect(calibration.figure).toBeCloseTo(1 / 6, 12)
    expect(calibration.passed).toBe(false)
    // Repaying applicants below 0.45: f 0.4 and 0.1 (2/2), m 0.7 and 0.2 (1/2).
    expect(scoreEqualOpportunity.evaluate(input, { attribute: 'gender', cutoff: 0.45, threshold: 0.1 }).figure).toBeCloseTo(0.5, 12)
  })

  it('plausibility: the true probabilities set the ceiling (Hanley–McNeil) and the Brier floor', () => {
    expect(hanleyMcNeil(0.5, 1, 1)).toBeCloseTo(0.5, 12)
    const input = handWorked()
    // True probabilities: defaulters 0.9, 0.5, 0.5; the others 0.5, 0.3, 0.1, 0.1 → oracle AUC (4 + 3.5 + 3.5) / 12.
    ;(input.datasets['applicants'] as { probabilities?: Float64Array }).probabilities = Float64Array.from([0.9, 0.5, 0.5, 0.5, 0.3, 0.1, 0.1])
    const a = plausibility.evaluate(input, { metric: 'auc', z: 3 })
    expect(a.figure).toBeCloseTo(9.5 / 12, 12)
    expect(a.threshold).toBeCloseTo(11 / 12 + 3 * hanleyMcNeil(11 / 12, 3, 4), 12)
    expect(a.passed).toBe(true)
    expect((a.evidence as { oracle: number }).oracle).toBeCloseTo(11 / 12, 12)
    // Oracle Brier (0.01 + 3 · 0.25 + 0.09 + 2 · 0.01) / 7 = 0.87 / 7; the model's 0.18 is above any floor under it.
    const b = plausibility.evaluate(input, { metric: 'brier', z: 3 })
    expect((b.evidence as { oracle: number }).oracle).toBeCloseTo(0.87 / 7, 12)
    expect(b.passed).toBe(true)
    // Leakage: scores equal to the labels beat the data's own ceiling.
    const leak = handWorked()
    ;(leak.datasets['applicants'] as { probabilities?: Float64Array }).probabilities = Float64Array.from([0.6, 0.5, 0.5, 0.5, 0.3, 0.4, 0.4])
    const scores = (leak.output as { scores: { columns: Record<string, { buffer: ArrayBuffer }> } }).scores
    new Float64Array(scores.columns['score']!.buffer).set([0, 0, 0, 0, 1, 1, 1])
    // Oracle Brier 1.32 / 7 with a per-row standard error of 0.0236: floor 0.1177; the labels score 0.
    expect(plausibility.evaluate(leak, { metric: 'auc', z: 3 }).figure).toBe(1)
    const held = plausibility.evaluate(leak, { metric: 'brier', z: 3 })
    expect(held.figure).toBe(0)
    expect(held.threshold).toBeCloseTo(0.1177, 3)
    expect(held.passed).toBe(false)
    expect(held.message).toMatch(/^implausible: leakage suspected/)
  })

  it('refuses blind evaluation on part of the rows', () => {
    const input = handWorked()
    const scores = input.output as { scores: { rows: number; columns: Record<string, { buffer: ArrayBuffer }> } }
    scores.scores = { rows: 6, columns: { id: { ...scores.scores.columns['id']!, buffer: scores.scores.columns['id']!.buffer.slice(0, 24) }, score: { ...scores.scores.columns['score']!, buffer: scores.scores.columns['score']!.buffer.slice(0, 48) } } }
    expect(() => auc.evaluate(input, { threshold: 0.6 })).toThrow(/cover 6 of 7/)
  })

  it('model card: features, intended use and limitations, and no protected attribute as a feature', () => {
    expect(modelCard.evaluate(handWorked(), { forbidProtected: true, minLength: 10 })).toMatchObject({ passed: true, figure: 0 })
    const thin = handWorked(undefined, { name: 'm', features: ['income', 'Gender'], intendedUse: '', limitations: 'none' } as never)
    const r = modelCard.evaluate(thin, { forbidProtected: true, minLength: 10 })
    expect(r.figure).toBe(3)
    expect(r.message).toMatch(/intended use.*limitations.*protected attributes as features: Gender/)
  })
})
