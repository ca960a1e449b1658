import { alertPrecision, alertRecall, largeValueReports, typologyRecall } from '@bund/core'
import { amlAlerts, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

const COLUMNS = {
  id: 'u32', type: 'dict', amount: 'f64', currency: 'dict', fromEntity: 'dict', toEntity: 'dict', fromCountry: 'dict', toCountry: 'dict', laundering: 'u8', typology: 'dict',
} as const

/**
 * Ten transactions, ids 1–10:
 *  1 cash-in 50,000 CNY            → cash (at the threshold)
 *  2 cash-out 49,999.99 CNY        → none
 *  3 company→company 2,000,000     → entity-transfer
 *  4 person→person 600,000         → person-domestic-transfer
 *  5 person→company CN→HK 250,000  → person-cross-border-transfer
 *  6 person→person 100,000 USD     → 720,000 CNY: person-domestic-transfer
 *  7 company→person 300,000        → none
 *  8, 9 structuring; 10 fan-out    (laundering)
 */
const ROWS: Array<[string, number, string, string, string, string, string, number, string]> = [
  ['cash-in', 50_000, 'CNY', 'person', 'person', 'CN', 'CN', 0, 'none'],
  ['cash-out', 49_999.99, 'CNY', 'person', 'person', 'CN', 'CN', 0, 'none'],
  ['transfer', 2_000_000, 'CNY', 'company', 'company', 'CN', 'CN', 0, 'none'],
  ['transfer', 600_000, 'CNY', 'person', 'person', 'CN', 'CN', 0, 'none'],
  ['cross-border', 250_000, 'CNY', 'person', 'company', 'CN', 'HK', 0, 'none'],
  ['transfer', 100_000, 'USD', 'person', 'person', 'CN', 'CN', 0, 'none'],
  ['payment', 300_000, 'CNY', 'company', 'person', 'CN', 'CN', 0, 'none'],
  ['transfer', 9_000, 'CNY', 'person', 'person', 'CN', 'CN', 1, 'structuring'],
  ['transfer', 9_500, 'CNY', 'person', 'person', 'CN', 'CN', 1, 'structuring'],
  ['transfer', 1_000, 'CNY', 'person', 'person', 'CN', 'CN', 1, 'fan-out'],
]

function handWorked() {
  const t = tableBuilder(COLUMNS, ROWS.length)
  ROWS.forEach(([type, amount, currency, fe, te, fc, tc, laundering, typology], i) => {
    t.columns.id[i] = i + 1
    t.columns.type.set(i, type)
    t.columns.amount[i] = amount
    t.columns.currency.set(i, currency)
    t.columns.fromEntity.set(i, fe)
    t.columns.toEntity.set(i, te)
    t.columns.fromCountry.set(i, fc)
    t.columns.toCountry.set(i, tc)
    t.columns.laundering[i] = laundering
    t.columns.typology.set(i, typology)
  })
  const out = amlAlerts()
  out.alert({ transactionIds: [8, 9], typology: 'structuring', reason: 'two transfers just under 10,000 within an hour', score: 0.9 })
  out.alert({ transactionIds: [2], typology: 'other', reason: 'cash just under the threshold' })
  out.report(1, 'cash').report(3, 'entity-transfer').report(4, 'person-domestic-transfer').report(5, 'person-domestic-transfer')
  return checkInput('aml-alerts', out.build(), { transactions: dataset('transactions', t.build()) })
}

const THRESHOLDS = { cash: 50_000, entityTransfer: 2_000_000, personDomesticTransfer: 500_000, personCrossBorderTransfer: 200_000, cnyRates: { CNY: 1, USD: 7.2 }, cashTypes: ['cash-in', 'cash-out'], crossBorderTypes: ['cross-border'], person: 'person' }

describe('large-value reports', () => {
  it('finds 5 reportable transactions, 3 reported correctly (#5 under the wrong category, #6 not at all): 3/5', () => {
    const r = largeValueReports.evaluate(handWorked(), THRESHOLDS)
    expect(r.figure).toBeCloseTo(0.6, 12)
    expect(r.passed).toBe(false)
    expect(r.evidence).toMatchObject({
      required: 5,
      missing: 2,
      byCategory: { cash: { required: 1, reported: 1 }, 'person-cross-border-transfer': { required: 1, reported: 0 }, 'person-domestic-transfer': { required: 2, reported: 1 } },
    })
    expect((r.evidence as { examples: Array<{ transactionId: number }> }).examples.map((e) => e.transactionId)).toEqual([5, 6])
  })

  it('is not evaluable when a currency has no CNY rate', () => {
    expect(() => largeValueReports.evaluate(handWorked(), { ...THRESHOLDS, cnyRates: { CNY: 1 } })).toThrow(/no CNY rate for currency USD/)
  })
})

describe('alert quality against the hidden labels', () => {
  it('precision = 2 of 3 alerted transactions are laundering', () => {
    const r = alertPrecision.evaluate(handWorked(), { threshold: 0.5 })
    expect(r.figure).toBeCloseTo(2 / 3, 12)
    expect(r.evidence).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1 })
  })

  it('recall = 2 of 3 laundering transactions were alerted', () => {
    expect(alertRecall.evaluate(handWorked(), { threshold: 0.7 })).toMatchObject({ passed: false, figure: 2 / 3 })
  })

  it('typology recall: structuring 2/2, fan-out 0/1; the lowest over all typologies is 0', () => {
    expect(typologyRecall.evaluate(handWorked(), { typologies: ['structuring'], threshold: 0.8 })).toMatchObject({ passed: true, figure: 1 })
    const all = typologyRecall.evaluate(handWorked(), { typologies: 'all', threshold: 0.5 })
    expect(all).toMatchObject({ passed: false, figure: 0, evidence: { typologies: { structuring: { planted: 2, alerted: 2 }, 'fan-out': { planted: 1, alerted: 0 } } } })
    expect(() => typologyRecall.evaluate(handWorked(), { typologies: ['cycle'], threshold: 0.5 })).toThrow(/no planted cycle/)
  })
})
