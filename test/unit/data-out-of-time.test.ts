/**
 * The out-of-time re-run looks to the scenario exactly like the main run (compliance README,
 * "Out-of-time"): the same training partition, ids and PII dictionaries, and an evaluation period
 * that a secret coin assigns, so no statistic of one execution tells which execution it is.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateDataset, mainIsLater, mainPeriodSpec, outOfTimeDataset, outOfTimeIsLater, type DatasetSpec } from '@bund/core'
import { chanceLevel, measureSeparation } from '../helpers/oot-separation.js'

const key = (s: number) => createHash('sha256').update(`bund/oot-test/${s}`).digest('hex')
const bytes = (b: ArrayBuffer) => Buffer.from(b).toString('base64')

describe('the out-of-time arrangement', () => {
  it('gives both executions the same training partition, ids and dictionaries, and the two periods a year apart', () => {
    const spec: DatasetSpec = { kind: 'credit-applicants', rows: 2000, trainingRows: 1500, pii: true, seed: key(1) }
    const main = generateDataset(mainPeriodSpec(spec))
    const oot = outOfTimeDataset(main)
    for (const [name, col] of Object.entries(main.training.columns)) expect(bytes(col.buffer), name).toBe(bytes(oot.training.columns[name]!.buffer))
    expect(bytes(main.evaluation.columns['id']!.buffer)).toBe(bytes(oot.evaluation.columns['id']!.buffer))
    for (const name of ['nationalId', 'fullName', 'phone']) expect(oot.evaluation.columns[name]!.dictionary).toEqual(main.evaluation.columns[name]!.dictionary)
    // The same applicants a year apart: the later period's incomes are 4% lower.
    const [earlier, later] = outOfTimeIsLater(main) ? [main, oot] : [oot, main]
    const income = (d: typeof main) => new Float64Array(d.evaluation.columns['income']!.buffer)
    const ratio = income(later).reduce((a, x) => a + x, 0) / income(earlier).reduce((a, x) => a + x, 0)
    expect(ratio).toBeCloseTo(0.96, 2)
    expect(mainIsLater(spec.seed)).toBe(!outOfTimeIsLater(main))
  })

  it('assigns the later period to the main run by a fair coin of the key', () => {
    let later = 0
    for (let s = 0; s < 400; s++) if (mainIsLater(key(s))) later++
    // 400 fair tosses: 200 ± 3.5 standard deviations.
    expect(later).toBeGreaterThan(165)
    expect(later).toBeLessThan(235)
  })

  it('leaves no statistic of one execution that tells the re-run from the main run better than chance (20 runs)', () => {
    const before = measureSeparation('before', 20, 4000, 4000)
    const after = measureSeparation('after', 20, 4000, 4000)
    const chance = chanceLevel(after.all.length, after.executions)
    console.log(`before: ${before.best.statistic} ${before.best.accuracy}; after: ${after.best.statistic} ${after.best.accuracy}; chance (95%) ${chance} over ${after.all.length} statistics`)
    expect(before.best.accuracy).toBe(1)
    expect(after.best.accuracy).toBeLessThanOrEqual(chance)
  })
})
