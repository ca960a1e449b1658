/**
 * Large-value transaction reports (PBOC Order [2016] No. 3, art. 5): the reports filed follow the
 * SDK's `requiredLargeValueReports`; `thresholdsOf` gives the single-transaction thresholds the
 * structuring rule looks just below.
 */
import { type LargeValueCategory, REPORTING_THRESHOLDS, type TRANSACTIONS, type Table, requiredLargeValueReports } from '@bund/sdk'
import { type Stream, TYPE } from './stream.js'

/** The thresholds that apply to transaction `i`, in CNY, each with the category it reports under. */
export function thresholdsOf(s: Stream, i: number, usdRate: number): Array<{ category: LargeValueCategory; cny: number }> {
  const type = s.type[i]
  const foreignUsd = s.foreign[i] === 1 ? REPORTING_THRESHOLDS.cashUsd * usdRate : Number.POSITIVE_INFINITY
  if (type === TYPE.cashIn || type === TYPE.cashOut) return [{ category: 'cash', cny: Math.min(REPORTING_THRESHOLDS.cashCny, foreignUsd) }]
  const out: Array<{ category: LargeValueCategory; cny: number }> = []
  const person = s.fromPerson[i] === 1 || s.toPerson[i] === 1
  const company = s.fromPerson[i] === 0 || s.toPerson[i] === 0
  if (company) out.push({ category: 'entity-transfer', cny: REPORTING_THRESHOLDS.companyTransferCny })
  if (person && s.crossBorder[i] === 0) out.push({ category: 'person-domestic-transfer', cny: REPORTING_THRESHOLDS.personTransferCny })
  if (person && s.crossBorder[i] === 1) {
    const usd = s.foreign[i] === 1 ? REPORTING_THRESHOLDS.personCrossBorderUsd * usdRate : Number.POSITIVE_INFINITY
    out.push({ category: 'person-cross-border-transfer', cny: Math.min(REPORTING_THRESHOLDS.personCrossBorderCny, usd) })
  }
  return out
}

/**
 * The report categories each monitored transaction requires, by the SDK's one definition of art. 5
 * (single or same-day totals per customer; CNY thresholds for CNY, USD equivalents for foreign
 * currency): the customer is the account a cash deposit credits, else the account debited.
 */
export function reportsOf(t: Pick<Table<typeof TRANSACTIONS>, 'rows' | 'column'>): LargeValueCategory[][] {
  const [type, currency, fromEntity, toEntity, fromCountry, toCountry] = (['type', 'currency', 'fromEntity', 'toEntity', 'fromCountry', 'toCountry'] as const).map((c) => t.column(c))
  const from = t.column('fromAccount')
  const to = t.column('toAccount')
  const time = t.column('timestamp')
  const amount = t.column('amount')
  return requiredLargeValueReports(t.rows, (i) => {
    const kind = type!.get(i)
    return { account: kind === 'cash-in' ? to[i]! : from[i]!, timestamp: time[i]!, type: kind, amount: amount[i]!, currency: currency!.get(i), fromEntity: fromEntity!.get(i), toEntity: toEntity!.get(i), fromCountry: fromCountry!.get(i), toCountry: toCountry!.get(i) }
  })
}
