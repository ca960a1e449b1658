import { type CheckInput, type GeneratedDataset, type Manifest, evaluateRules, fourFifths, gate, parseRulePack } from '@bund/core'
import { creditDecisions, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'

/** Ten applicants: six urban, four rural. Urban: 4 of 6 approved (0.667); rural: 2 of 4 (0.5). */
function handWorked(): CheckInput {
  const applicants = tableBuilder({ id: 'u32', region: 'dict', defaulted: 'u8' }, 10)
  const regions = ['urban', 'urban', 'urban', 'urban', 'urban', 'urban', 'rural', 'rural', 'rural', 'rural']
  const approved = [1, 1, 1, 1, 0, 0, 1, 1, 0, 0]
  const out = creditDecisions(10)
  regions.forEach((r, i) => {
    applicants.columns.id[i] = 101 + i
    applicants.columns.region.set(i, r)
    out.set(i, { applicantId: 101 + i, approved: approved[i] === 1, score: 0.5, reasons: approved[i] === 1 ? [] : ['INCOME_INSUFFICIENT'] })
  })
  const table = applicants.build()
  const dataset: GeneratedDataset = { kind: 'credit-applicants', training: { rows: 0, columns: {} }, evaluation: table, labels: ['defaulted'], protected: ['region'] }
  return { kind: 'credit-decisions', output: out.build(), datasets: { applicants: dataset }, manifest: { category: 'credit' } as Manifest }
}

describe('four-fifths check', () => {
  it('computes lowest over highest approval rate: 0.5 / 0.6667 = 0.75', () => {
    const r = fourFifths.evaluate(handWorked(), { attribute: 'region', threshold: 0.8 })
    expect(r.figure).toBeCloseTo(0.75, 10)
    expect(r.passed).toBe(false)
    expect(r.message).toContain('rural')
    expect(r.evidence).toMatchObject({ attribute: 'region', attributes: { region: { groups: { urban: { applicants: 6, approved: 4 }, rural: { applicants: 4, approved: 2 } } } } })
  })

  it('passes at a threshold the ratio meets', () => {
    expect(fourFifths.evaluate(handWorked(), { attribute: 'region', threshold: 0.75 }).passed).toBe(true)
  })
})

describe('rule evaluation and the gate', () => {
  const pack = parseRulePack(
    {
      id: 'test-pack',
      version: '1.0.0',
      title: 't',
      rules: [
        { id: 'test-pack/region', title: 'r', citation: 'c', remedy: 'r', appliesTo: { kind: 'credit-decisions' }, check: 'four-fifths', params: { attribute: 'region' }, severity: 'block' },
        { id: 'test-pack/gender', title: 'g', citation: 'c', remedy: 'r', appliesTo: { kind: 'credit-decisions' }, check: 'four-fifths', params: { attribute: 'gender' }, severity: 'warn' },
      ],
    },
    'test.json',
  )

  it('fails a rule it cannot evaluate rather than skipping it, and holds on a blocking failure', () => {
    const verdicts = evaluateRules([pack], handWorked())
    expect(verdicts.map((v) => [v.rule, v.status])).toEqual([
      ['test-pack/region', 'fail'],
      ['test-pack/gender', 'fail'],
    ])
    expect(verdicts[1]!.message).toMatch(/^not evaluable: the applicants have no categorical attribute gender/)
    expect(gate(verdicts)).toBe('held')
  })

  it('refuses a malformed pack naming the file, the rule and the path, and an unknown check', () => {
    expect(() =>
      parseRulePack({ id: 'p', version: '1.0.0', title: 't', rules: [{ id: 'p/x', title: 't', citation: 'c', remedy: 'r', appliesTo: {}, check: 'four-fifths', params: {}, severity: 'fatal' }] }, 'mine.json'),
    ).toThrow(/mine\.json rule p\/x: rules\.0\.severity/)
    expect(() =>
      parseRulePack({ id: 'p', version: '1.0.0', title: 't', rules: [{ id: 'p/x', title: 't', citation: 'c', remedy: 'r', appliesTo: {}, check: 'vibes', params: {}, severity: 'block' }] }, 'mine.json'),
    ).toThrow(/mine\.json rule p\/x: unknown check "vibes"/)
  })
})
