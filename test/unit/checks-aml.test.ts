import { alertPrecision, alertRecall, largeValueReports, typologyRecall } from '@bund/core'
import { CNY_PER_UNIT, REPORTING_THRESHOLDS, amlAlerts, requiredLargeValueReports, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

const COLUMNS = {
  id: 'u32', timestamp: 'f64', type: 'dict', amount: 'f64', currency: 'dict', fromAccount: 'u32', toAccount: 'u32', fromEntity: 'dict', toEntity: 'dict', fromCountry: 'dict', toCountry: 'dict', laundering: 'u8', typology: 'dict',
} as const

/** 10:00 in Beijing on 2025-12-01, and the day after. */
const D1 = Date.UTC(2025, 11, 1, 2)
const D2 = D1 + 86_400_000

/**
 * Seventeen transactions, ids 1–17 (rates: USD 7.1, HKD 0.91 CNY, the SDK's):
 *  1 cash-in 50,000 CNY to 11             → cash (at the threshold)
 *  2 cash-out 49,999.99 CNY from 12       → none
 *  3 company→company 2,000,000 CNY        → entity-transfer
 *  4 person→person 600,000 CNY            → person-domestic-transfer
 *  5 person→company CN→HK 250,000 CNY     → person-cross-border-transfer
 *  6 person→person 100,000 USD            → person-domestic-transfer (USD 100,000 threshold)
 *  7 company→person 300,000 CNY           → none
 *  8, 9 structuring; 10 fan-out           (laundering, small)
 * 11, 12 cash-out 30,000 and cash-in 25,000 CNY, account 19, same day → 55,000: cash, both
 * 13, 14 cross-border USD 8,000 + 3,000 from 20, same day → USD 11,000: cross-border, both
 * 15, 16 cross-border USD 9,000 from 21 on two days → none
 * 17 cross-border HKD 80,000 from 22 → USD 10,253.52 (72,800 CNY): cross-border
 */
type Row = [type: string, amount: number, currency: string, from: number, to: number, fe: string, te: string, fc: string, tc: string, time: number, laundering: number, typology: string]
const ROWS: Row[] = [
  ['cash-in', 50_000, 'CNY', 0, 11, 'person', 'person', 'CN', 'CN', D1, 0, 'none'],
  ['cash-out', 49_999.99, 'CNY', 12, 0, 'person', 'person', 'CN', 'CN', D1, 0, 'none'],
  ['transfer', 2_000_000, 'CNY', 13, 30, 'company', 'company', 'CN', 'CN', D1, 0, 'none'],
  ['transfer', 600_000, 'CNY', 14, 31, 'person', 'person', 'CN', 'CN', D1, 0, 'none'],
  ['cross-border', 250_000, 'CNY', 15, 32, 'person', 'company', 'CN', 'HK', D1, 0, 'none'],
  ['transfer', 100_000, 'USD', 16, 33, 'person', 'person', 'CN', 'CN', D1, 0, 'none'],
  ['payment', 300_000, 'CNY', 17, 34, 'company', 'person', 'CN', 'CN', D1, 0, 'none'],
  ['transfer', 9_000, 'CNY', 18, 35, 'person', 'person', 'CN', 'CN', D1, 1, 'structuring'],
  ['transfer', 9_500, 'CNY', 18, 35, 'person', 'person', 'CN', 'CN', D1, 1, 'structuring'],
  ['transfer', 1_000, 'CNY', 36, 37, 'person', 'person', 'CN', 'CN', D1, 1, 'fan-out'],
  ['cash-out', 30_000, 'CNY', 19, 0, 'person', 'person', 'CN', 'CN', D1, 0, 'none'],
  ['cash-in', 25_000, 'CNY', 0, 19, 'person', 'person', 'CN', 'CN', D1 + 3_600_000, 0, 'none'],
  ['cross-border', 8_000, 'USD', 20, 38, 'person', 'person', 'CN', 'US', D1, 0, 'none'],
  ['cross-border', 3_000, 'USD', 20, 38, 'person', 'person', 'CN', 'US', D1 + 60_000, 0, 'none'],
  ['cross-border', 9_000, 'USD', 21, 38, 'person', 'person', 'CN', 'US', D1, 0, 'none'],
  ['cross-border', 9_000, 'USD', 21, 38, 'person', 'person', 'CN', 'US', D2, 0, 'none'],
  ['cross-border', 80_000, 'HKD', 22, 39, 'person', 'person', 'CN', 'HK', D1, 0, 'none'],
]

function handWorked(currencyOf17 = 'HKD') {
  const t = tableBuilder(COLUMNS, ROWS.length)
  ROWS.forEach(([type, amount, currency, from, to, fe, te, fc, tc, time, laundering, typology], i) => {
    t.columns.id[i] = i + 1
    t.columns.timestamp[i] = time
    t.columns.type.set(i, type)
    t.columns.amount[i] = amount
    t.columns.currency.set(i, i === 16 ? currencyOf17 : currency)
    t.columns.fromAccount[i] = from
    t.columns.toAccount[i] = to
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

describe('large-value reports (art. 5 in full)', () => {
  it('finds 10 transactions needing a report — 3 of them only by USD equivalent, 4 only by same-day totals — and 3 reported correctly: 3/10', () => {
    const r = largeValueReports.evaluate(handWorked(), {})
    expect(r.figure).toBeCloseTo(0.3, 12)
    expect(r.passed).toBe(false)
    expect(r.evidence).toMatchObject({
      required: 10,
      missing: 7,
      byCategory: {
        cash: { required: 3, reported: 1 },
        'entity-transfer': { required: 1, reported: 1 },
        'person-domestic-transfer': { required: 2, reported: 1 },
        'person-cross-border-transfer': { required: 4, reported: 0 },
      },
    })
    expect((r.evidence as { examples: Array<{ transactionId: number }> }).examples.map((e) => e.transactionId)).toEqual([5, 6, 11, 12, 13, 14, 17])
  })

  it('the SDK definition: HKD 80,000 is USD 10,253.52 at the SDK rates; 9,000 + 9,000 on two days needs nothing', () => {
    const need = requiredLargeValueReports(ROWS.length, (i) => {
      const [type, amount, currency, from, to, fromEntity, toEntity, fromCountry, toCountry, timestamp] = ROWS[i]!
      return { account: type === 'cash-in' ? to : from, timestamp, type, amount, currency, fromEntity, toEntity, fromCountry, toCountry }
    })
    expect(need.map((c, i) => (c.length > 0 ? i + 1 : 0)).filter(Boolean)).toEqual([1, 3, 4, 5, 6, 11, 12, 13, 14, 17])
    expect((80_000 * CNY_PER_UNIT['HKD']!) / CNY_PER_UNIT['USD']!).toBeCloseTo(10_253.52, 2)
    expect(REPORTING_THRESHOLDS).toMatchObject({ cashUsd: 10_000, personCrossBorderUsd: 10_000, personTransferUsd: 100_000, companyTransferUsd: 200_000 })
  })

  it('is not evaluable when a currency has no CNY rate', () => {
    expect(() => largeValueReports.evaluate(handWorked('XYZ'), {})).toThrow(/no CNY rate for currency XYZ/)
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
