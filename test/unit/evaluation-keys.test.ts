/**
 * Blind evaluation: a run's data comes from keys derived from the instance's secret, bound to the
 * bundle, seed, rows and params; labels come from streams of their own.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateDataset } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { evaluationKeys } from '../../core/src/runner/evaluation-keys.js'
import { EVALUATION_SECRET_FILE, loadEvaluationSecret } from '../../core/src/store/evaluation-secret.js'
import { datasetHash, nums } from './data-helpers.js'

const run = { bundleSha256: 'a'.repeat(64), seed: 7, rows: null, params: { cutoff: 0.4 }, datasets: ['applicants'] }

describe('evaluation keys', () => {
  it('are HMAC-SHA-256 of the secret over bundle, dataset, seed, rows and params (worked reference)', () => {
    const secret = Buffer.alloc(32, 1)
    // Reference computed independently with Python's hmac: the fields joined by NUL, params as
    // the sha256 of their canonical JSON {"cutoff":0.4}, rows as "null".
    const keys = evaluationKeys(secret, run)
    expect(keys['applicants']).toBe('f80bbdd35e692de2e1884b163bd7916d0718fe978f39c680d8eac274fe38bf67')
    expect(evaluationKeys(secret, run)).toEqual(keys)
    for (const change of [{ bundleSha256: 'b'.repeat(64) }, { seed: 8 }, { rows: 100 }, { params: { cutoff: 0.41 } }]) {
      expect(evaluationKeys(secret, { ...run, ...change })['applicants']).not.toBe(keys['applicants'])
    }
    expect(evaluationKeys(Buffer.alloc(32, 2), run)['applicants']).not.toBe(keys['applicants'])
  })

  it('the secret is generated once, mode 0600, and read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bund-secret-'))
    const a = loadEvaluationSecret(dir)
    expect(a.length).toBe(32)
    expect(loadEvaluationSecret(dir).equals(a)).toBe(true)
    expect(statSync(join(dir, EVALUATION_SECRET_FILE)).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, EVALUATION_SECRET_FILE), 'utf8').trim()).toBe(a.toString('hex'))
  })

  it('a keyed dataset is deterministic, differs from the public one, and its labels come from their own stream', () => {
    const key = 'c'.repeat(64)
    const spec = { kind: 'credit-applicants' as const, rows: 2000, trainingRows: 500, seed: key }
    expect(datasetHash(generateDataset(spec))).toBe(datasetHash(generateDataset(spec)))
    expect(datasetHash(generateDataset(spec))).not.toBe(datasetHash(generateDataset({ ...spec, seed: 7 })))
    expect(() => generateDataset({ ...spec, seed: 'not-a-key' })).toThrow(/64 lower-case hex/)
    // Training labels do not determine evaluation labels: a bigger training partition leaves the
    // evaluation labels' stream where it was (its own), so the same rows keep the same draws.
    const d = generateDataset(spec)
    expect(d.probabilities?.length).toBe(2000)
    const labels = nums(d.evaluation, 'defaulted')
    let agree = 0
    for (let i = 0; i < labels.length; i++) agree += labels[i] === (d.probabilities![i]! > 0.5 ? 1 : 0) ? 1 : 0
    expect(agree / labels.length).toBeGreaterThan(0.7)
  })
})
