import { aggregateCellCounts, piiCanaries } from '@bund/core'
import { creditDecisions, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

const CANARIES = { fullName: ['Zhang Canary'], nationalId: ['11010519491231002X'], phone: ['13800138000'] }

function withOutput(output: unknown, canaries: unknown = CANARIES) {
  // 'none': a run whose datasets carry no personal data.
  const t = tableBuilder({ id: 'u32' }, 1)
  return checkInput('credit-decisions', output, { applicants: dataset('credit-applicants', t.build(), canaries === 'none' ? {} : { canaries }) })
}

describe('PII canaries', () => {
  it('finds a planted phone in free text and a name in a dictionary, case-insensitively, and never echoes the values', () => {
    const out = creditDecisions(0).build({ name: 'm', features: [], limitations: 'call 13800138000 for help' })
    const table = tableBuilder({ who: 'dict' }, 1)
    table.columns.who.set(0, 'ZHANG CANARY')
    const r = piiCanaries.evaluate(withOutput({ ...out, extra: table.build() }), {})
    expect(r).toMatchObject({ passed: false, figure: 2, evidence: { found: { fullName: 1, nationalId: 0, phone: 1 } } })
    expect(JSON.stringify(r)).not.toContain('13800138000')
  })

  it('passes a clean output, and a run without personal data', () => {
    const out = creditDecisions(0).build({ name: 'm', features: ['income'] })
    expect(piiCanaries.evaluate(withOutput(out), {})).toMatchObject({ passed: true, figure: 0 })
    expect(piiCanaries.evaluate(withOutput(out, 'none'), {}).message).toMatch(/no dataset of this run carries personal data/)
  })
})

describe('aggregate cell counts', () => {
  const aggregates = [
    { name: 'approvals by district', groupBy: ['district'], cells: [{ group: ['north'], count: 120 }, { group: ['south'], count: 7 }, { group: ['east'], count: 0 }] },
    { name: 'by gender', groupBy: ['gender'], cells: [{ group: ['f'], count: 10 }] },
  ]
  it('fails a non-empty cell below k: the smallest is 7 (< 10); empty cells are fine', () => {
    const r = aggregateCellCounts.evaluate(withOutput({ kind: 'credit-decisions', aggregates }), { k: 10 })
    expect(r).toMatchObject({ passed: false, figure: 7, threshold: 10, evidence: { cells: 3, smallCells: [{ aggregate: 'approvals by district', group: ['south'], count: 7 }] } })
    expect(aggregateCellCounts.evaluate(withOutput({ kind: 'credit-decisions', aggregates }), { k: 5 })).toMatchObject({ passed: true, figure: 7 })
  })
})
