import { createHash } from 'node:crypto'
import { generateDataset } from '@bund/core'
import { describe, expect, it } from 'vitest'

const hashOf = (d: ReturnType<typeof generateDataset>) => {
  const h = createHash('sha256')
  for (const part of [d.training, d.evaluation]) for (const [name, col] of Object.entries(part.columns)) h.update(name).update(new Uint8Array(col.buffer))
  return h.digest('hex')
}

describe('credit-applicants', () => {
  it('gives the same bytes for the same seed, other bytes for another', () => {
    const a = generateDataset({ kind: 'credit-applicants', rows: 2000, trainingRows: 500, seed: 42 })
    const b = generateDataset({ kind: 'credit-applicants', rows: 2000, trainingRows: 500, seed: 42 })
    const c = generateDataset({ kind: 'credit-applicants', rows: 2000, trainingRows: 500, seed: 43 })
    expect(hashOf(a)).toBe(hashOf(b))
    expect(hashOf(c)).not.toBe(hashOf(a))
  })

  it('partitions training first, ids continuing into evaluation, labels on both host-side', () => {
    const d = generateDataset({ kind: 'credit-applicants', rows: 100, trainingRows: 50, seed: 1 })
    expect(d.training.rows).toBe(50)
    expect(d.evaluation.rows).toBe(100)
    expect(new Uint32Array(d.training.columns['id']!.buffer)[0]).toBe(1)
    expect(new Uint32Array(d.evaluation.columns['id']!.buffer)[0]).toBe(51)
    expect(d.labels).toEqual(['defaulted'])
    expect(d.evaluation.columns['defaulted']).toBeDefined()
  })

  it('has a default rate near the 20% base rate, unrelated to gender, falling with income', () => {
    const d = generateDataset({ kind: 'credit-applicants', rows: 50_000, seed: 9 })
    const defaulted = new Uint8Array(d.evaluation.columns['defaulted']!.buffer)
    const gender = new Uint8Array(d.evaluation.columns['gender']!.buffer)
    const income = new Float64Array(d.evaluation.columns['income']!.buffer)
    const rate = (pick: (i: number) => boolean) => {
      let n = 0
      let y = 0
      for (let i = 0; i < defaulted.length; i++) if (pick(i)) (n++, (y += defaulted[i]!))
      return y / n
    }
    expect(rate(() => true)).toBeGreaterThan(0.15)
    expect(rate(() => true)).toBeLessThan(0.25)
    expect(Math.abs(rate((i) => gender[i] === 0) - rate((i) => gender[i] === 1))).toBeLessThan(0.015)
    expect(rate((i) => income[i]! < 50_000)).toBeGreaterThan(rate((i) => income[i]! > 120_000) + 0.05)
  })

  it('refuses a bad request with a clear error', () => {
    expect(() => generateDataset({ kind: 'credit-applicants', rows: 0, seed: 1 })).toThrow(/rows must be an integer from 1/)
    expect(() => generateDataset({ kind: 'no-such-kind' as never, rows: 1, seed: 1 })).toThrow(/unknown dataset kind no-such-kind/)
  })
})
