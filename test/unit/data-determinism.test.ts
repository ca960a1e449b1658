import { DATASET_KIND_NAMES, type DatasetSpec, generateDataset } from '@bund/core'
import type { DatasetKind } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { datasetHash, nums } from './data-helpers.js'

/**
 * Pinned fixture hashes: the same (kind, rows, trainingRows, seed, options) must give these bytes
 * on every machine and Node version. A change here is a change of every published dataset:
 * update the pins only on purpose, and say so in the commit.
 */
const PINNED: Record<DatasetKind, { spec: Omit<DatasetSpec, 'kind'>; sha256: string }> = {
  'credit-applicants': { spec: { rows: 400, trainingRows: 100, seed: 42, pii: true }, sha256: 'fa856cda1c5650dee789b6e2ca4298d784d0016bcc68baeab4962fb7aed4ee50' },
  'sme-loans': { spec: { rows: 400, trainingRows: 100, seed: 42, pii: true }, sha256: 'd0c18efa4e5f93eac8a34496dd701c82813d8c8c107f94c9a7ca5c253a622252' },
  transactions: { spec: { rows: 3000, trainingRows: 1000, seed: 42, options: { launderingRate: 0.02 } }, sha256: '0bb677fc880cf78ab0c03830060bd17c7cd44a2af03fcf1830654d3231067ada' },
  'settlement-instructions': { spec: { rows: 400, trainingRows: 100, seed: 42 }, sha256: '7f92726090e5d36f14fe2ec900d502294f05c9dde554eec701de8d348e1866ec' },
  'market-series': { spec: { rows: 120, trainingRows: 60, seed: 42 }, sha256: '18adee5cc16dcb4f199c3e2fd2339557f4187d317d306d1f40cbe40e6b189893' },
}

describe('data determinism', () => {
  it.each(DATASET_KIND_NAMES)('%s gives the pinned bytes', (kind) => {
    const { spec, sha256 } = PINNED[kind]
    expect(datasetHash(generateDataset({ kind, ...spec }))).toBe(sha256)
  })

  it.each(DATASET_KIND_NAMES)('%s: same seed, same bytes; another seed, other bytes', (kind) => {
    const spec = { kind, rows: 300, trainingRows: 50, seed: 7 }
    expect(datasetHash(generateDataset(spec))).toBe(datasetHash(generateDataset(spec)))
    expect(datasetHash(generateDataset({ ...spec, seed: 8 }))).not.toBe(datasetHash(generateDataset(spec)))
  })

  it.each(['credit-applicants', 'sme-loans'] as const)('%s: the training partition does not depend on the evaluation size', (kind) => {
    const small = generateDataset({ kind, rows: 10, trainingRows: 200, seed: 3 })
    const large = generateDataset({ kind, rows: 5000, trainingRows: 200, seed: 3 })
    for (const name of Object.keys(small.training.columns)) {
      expect(Buffer.from(small.training.columns[name]!.buffer).equals(Buffer.from(large.training.columns[name]!.buffer)), name).toBe(true)
    }
    // Ids run on from training into evaluation.
    expect(nums(large.training, 'id')[0]).toBe(1)
    expect(nums(large.evaluation, 'id')[0]).toBe(201)
  })

  it('adding PII leaves the other columns as they were', () => {
    const plain = generateDataset({ kind: 'credit-applicants', rows: 500, seed: 5 })
    const withPii = generateDataset({ kind: 'credit-applicants', rows: 500, seed: 5, pii: true })
    for (const name of Object.keys(plain.evaluation.columns)) {
      expect(Buffer.from(plain.evaluation.columns[name]!.buffer).equals(Buffer.from(withPii.evaluation.columns[name]!.buffer)), name).toBe(true)
    }
  })
})
