/**
 * Which transactions PBoC Order [2016] No. 3, art. 5 requires a large-value report for: one
 * definition, used by the host's check and by any scenario that files reports. A transaction needs
 * a report under a category when it reaches the category's threshold alone, or when the
 * customer's transactions of that category on that (Beijing) calendar day reach it together — CNY
 * ones against the CNY threshold, foreign-currency ones converted to USD at `CNY_PER_UNIT` against
 * the USD-equivalent threshold.
 */
import type { LargeValueCategory } from '../results/aml-alerts.js'
import { CNY_PER_UNIT } from './exchange-rates.js'
import { REPORTING_THRESHOLDS } from './transactions.js'

/** What art. 5 looks at in one transaction. */
export interface LargeValueTransaction {
  /** The customer's account: the account credited by a cash deposit, else the account debited. */
  account: number
  /** Milliseconds since the epoch. */
  timestamp: number
  type: string
  amount: number
  currency: string
  fromEntity: string
  toEntity: string
  fromCountry: string
  toCountry: string
}

const DAY_MS = 86_400_000
/** Beijing time, UTC+8: the calendar day a Chinese institution aggregates over. */
const BEIJING_OFFSET_MS = 8 * 3_600_000

/** The categories a transaction falls under whatever its amount (cash, or the transfer kinds its parties make it). */
export function largeValueCategoriesOf(t: LargeValueTransaction): LargeValueCategory[] {
  if (t.type === 'cash-in' || t.type === 'cash-out') return ['cash']
  const out: LargeValueCategory[] = []
  const person = t.fromEntity === 'person' || t.toEntity === 'person'
  const entity = t.fromEntity !== 'person' || t.toEntity !== 'person'
  const crossBorder = t.type === 'cross-border' || t.fromCountry !== t.toCountry
  if (entity) out.push('entity-transfer')
  if (person) out.push(crossBorder ? 'person-cross-border-transfer' : 'person-domestic-transfer')
  return out
}

/** The threshold of a category: in CNY for a CNY transaction, in USD for a foreign-currency one. */
export function largeValueThreshold(category: LargeValueCategory, foreign: boolean): number {
  const t = REPORTING_THRESHOLDS
  switch (category) {
    case 'cash':
      return foreign ? t.cashUsd : t.cashCny
    case 'entity-transfer':
      return foreign ? t.companyTransferUsd : t.companyTransferCny
    case 'person-domestic-transfer':
      return foreign ? t.personTransferUsd : t.personTransferCny
    case 'person-cross-border-transfer':
      return foreign ? t.personCrossBorderUsd : t.personCrossBorderCny
  }
}

/**
 * The report categories each of `rows` transactions requires (an empty list for most). Throws a
 * RangeError naming a currency `CNY_PER_UNIT` has no rate for.
 */
export function requiredLargeValueReports(rows: number, transaction: (i: number) => LargeValueTransaction): LargeValueCategory[][] {
  const usd = CNY_PER_UNIT['USD']!
  const facts: Array<{ categories: LargeValueCategory[]; foreign: boolean; value: number; key: string }> = []
  const totals = new Map<string, number>()
  for (let i = 0; i < rows; i++) {
    const t = transaction(i)
    const rate = CNY_PER_UNIT[t.currency]
    if (rate === undefined) throw new RangeError(`no CNY rate for currency ${t.currency}`)
    const foreign = t.currency !== 'CNY'
    // Foreign currency counts in USD equivalent, CNY in CNY; the two are totalled apart.
    const value = foreign ? (t.amount * rate) / usd : t.amount
    const key = `${t.account}|${Math.floor((t.timestamp + BEIJING_OFFSET_MS) / DAY_MS)}|${foreign ? 'F' : 'C'}`
    const categories = largeValueCategoriesOf(t)
    for (const c of categories) totals.set(`${key}|${c}`, (totals.get(`${key}|${c}`) ?? 0) + value)
    facts.push({ categories, foreign, value, key })
  }
  return facts.map((f) => f.categories.filter((c) => (totals.get(`${f.key}|${c}`) ?? 0) >= largeValueThreshold(c, f.foreign)))
}
