/**
 * Large-value transaction reports (PBOC Order [2016] No. 3, art. 5): cash of 50,000 CNY or more
 * (or USD 10,000 equivalent in foreign currency); transfers of 2,000,000 CNY or more where a party
 * is a company; a person's domestic transfers of 500,000 CNY or more; a person's cross-border
 * transfers of 200,000 CNY or more (or USD 10,000 equivalent in foreign currency).
 */
import { type LargeValueCategory, REPORTING_THRESHOLDS } from '@bund/sdk'
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

/** The report categories transaction `i` requires: every threshold it reaches. */
export function reportCategories(s: Stream, i: number, usdRate: number): LargeValueCategory[] {
  return thresholdsOf(s, i, usdRate)
    .filter((t) => s.cny[i]! >= t.cny)
    .map((t) => t.category)
}
