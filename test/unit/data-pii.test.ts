import { generateDataset, isNationalIdShaped, nationalIdCheckDigit } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { nums, strs } from './data-helpers.js'

describe('PII columns', () => {
  it('computes the ISO 7064 MOD 11-2 check digit of PRC resident IDs', () => {
    // The published example from GB 11643-1999.
    expect(nationalIdCheckDigit('11010519491231002')).toBe('X')
    expect(isNationalIdShaped('11010519491231002X')).toBe(true)
    expect(isNationalIdShaped('110105194912310021')).toBe(false)
  })

  it.each(['credit-applicants', 'sme-loans'] as const)('%s: valid-shaped, unallocated IDs; names and mobile numbers', (kind) => {
    const d = generateDataset({ kind, rows: 5000, trainingRows: 1000, seed: 8, pii: true })
    const t = d.evaluation
    const id = strs(t, 'nationalId')
    const phone = strs(t, 'phone')
    const name = strs(t, 'fullName')
    const female = strs(t, 'gender')
    const age = kind === 'credit-applicants' ? nums(t, 'age') : undefined
    for (let i = 0; i < t.rows; i++) {
      const value = id(i)
      if (!isNationalIdShaped(value)) throw new Error(`row ${i}: ${value} is not ID-shaped`)
      expect(Number(value.slice(0, 2))).toBeGreaterThanOrEqual(90) // unallocated province codes: no real person's number
      expect(Number(value[16]) % 2 === 0).toBe(female(i) === 'female')
      if (age) expect(2025 - Number(value.slice(6, 10))).toBe(age[i])
      expect(phone(i)).toMatch(/^1[3-9]\d{9}$/)
      expect(name(i)).toMatch(/^[A-Z]\S* [A-Z][a-z]+$/)
    }
  })

  it('plants canaries that occur exactly once, in the table, recorded on the host', () => {
    const d = generateDataset({ kind: 'credit-applicants', rows: 20_000, trainingRows: 5_000, seed: 3, pii: true })
    const c = d.canaries!
    expect(c.fullName.length).toBe(25) // one per thousand rows
    expect(c.nationalId.length).toBe(25)
    expect(c.phone.length).toBe(25)
    for (const field of ['fullName', 'nationalId', 'phone'] as const) {
      const counts = new Map<string, number>()
      for (const part of [d.training, d.evaluation]) {
        const get = strs(part, field)
        for (let i = 0; i < part.rows; i++) counts.set(get(i), (counts.get(get(i)) ?? 0) + 1)
      }
      for (const value of c[field]) expect(counts.get(value), `${field} ${value}`).toBe(1)
    }
    // Some canaries are in the evaluation partition, the one the scenario decides on.
    const ids = new Set(Array.from({ length: d.evaluation.rows }, (_, i) => strs(d.evaluation, 'nationalId')(i)))
    expect(c.nationalId.filter((v) => ids.has(v)).length).toBeGreaterThan(10)
  })

  it('plants at least three canaries in a small table', () => {
    const d = generateDataset({ kind: 'sme-loans', rows: 50, seed: 1, pii: true })
    expect(d.canaries!.nationalId.length).toBe(3)
  })
})
