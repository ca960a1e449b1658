import { type AmlAlerts, LARGE_VALUE_CATEGORIES, type LargeValueCategory, requiredLargeValueReports } from '@bund/sdk'
import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { IdIndex, categorical, datasetOf, numeric } from '../tables.js'
import { say } from '../verdict-text.js'

/** Each category's bit in the per-transaction mask of reports filed. */
const CATEGORY_BITS: readonly LargeValueCategory[] = LARGE_VALUE_CATEGORIES

/**
 * Large-value transaction reporting (PBOC Order No. 3 [2016], art. 5) in full, by the SDK's one
 * definition (`requiredLargeValueReports`, `REPORTING_THRESHOLDS`, `CNY_PER_UNIT`): cash ≥ 50,000
 * CNY or USD 10,000; a company's transfers ≥ 2,000,000 CNY or USD 200,000; a person's domestic
 * transfers ≥ 500,000 CNY or USD 100,000; a person's cross-border transfers ≥ 200,000 CNY or
 * USD 10,000 — singly, or totalled per customer and Beijing calendar day. Every transaction that
 * needs a report has one under an applicable category, and every report names a transaction that
 * needs one under its category: a large-value report is a statement that the transaction met an
 * art. 5 criterion, so reporting everything (defensive filing, which buries the reports that matter)
 * is as wrong as reporting nothing. Figure: the share reported.
 */
export const largeValueReports = defineCheck({
  name: 'large-value-reports',
  description: 'Every transaction at or above the art. 5 thresholds, singly or summed per customer and day, is reported under an applicable category.',
  kinds: ['aml-alerts'],
  params: z.object({}).strict(),
  evaluate(input) {
    const tx = datasetOf(input, 'transactions').evaluation
    const what = 'the transactions'
    const ids = numeric(tx, 'id', 'u32', what)
    const amount = numeric(tx, 'amount', 'f64', what)
    const timestamp = numeric(tx, 'timestamp', 'f64', what)
    const from = numeric(tx, 'fromAccount', 'u32', what)
    const to = numeric(tx, 'toAccount', 'u32', what)
    const cols = ['type', 'currency', 'fromEntity', 'toEntity', 'fromCountry', 'toCountry'] as const
    const [type, currency, fromEntity, toEntity, fromCountry, toCountry] = cols.map((c) => categorical(tx, c, what))
    const v = (c: { codes: ArrayLike<number>; dictionary: readonly string[] }, r: number) => c.dictionary[c.codes[r]!]!
    let needed: LargeValueCategory[][]
    try {
      needed = requiredLargeValueReports(tx.rows, (r) => {
        const t = v(type!, r)
        return { account: t === 'cash-in' ? to[r]! : from[r]!, timestamp: timestamp[r]!, type: t, amount: amount[r]!, currency: v(currency!, r), fromEntity: v(fromEntity!, r), toEntity: v(toEntity!, r), fromCountry: v(fromCountry!, r), toCountry: v(toCountry!, r) }
      })
    } catch (e) {
      if (e instanceof RangeError) throw new NotEvaluable(say('largeValueNoRate', { error: e.message }))
      throw e
    }
    // Reports filed, by transaction row: a bit per category.
    const reports = (input.output as AmlAlerts).reports
    const index = new IdIndex(ids)
    const reportedIds = numeric(reports, 'transactionId', 'u32', 'the reports')
    const category = categorical(reports, 'category', 'the reports')
    const filed = new Uint8Array(tx.rows)
    const unknown: number[] = []
    /** Reports naming a transaction that does not need one under the report's category. */
    let unrequired = 0
    const unrequiredExamples: Array<{ transactionId: number; category: string; required: string[] }> = []
    for (let i = 0; i < reportedIds.length; i++) {
      const r = index.row(reportedIds[i]!)
      const c = category.dictionary[category.codes[i]!] as LargeValueCategory
      if (r < 0) unknown.push(reportedIds[i]!)
      else {
        filed[r]! |= 1 << CATEGORY_BITS.indexOf(c)
        if (!needed[r]!.includes(c)) {
          unrequired++
          if (unrequiredExamples.length < 10) unrequiredExamples.push({ transactionId: reportedIds[i]!, category: c, required: needed[r]! })
        }
      }
    }
    const byCategory: Record<string, { required: number; reported: number }> = {}
    let required = 0
    let missing = 0
    const examples: Array<{ transactionId: number; amount: number; currency: string; required: string[]; filed: string[] }> = []
    for (let r = 0; r < tx.rows; r++) {
      const need = needed[r]!
      if (need.length === 0) continue
      required++
      const ok = need.some((c) => (filed[r]! & (1 << CATEGORY_BITS.indexOf(c))) !== 0)
      for (const c of need) {
        byCategory[c] ??= { required: 0, reported: 0 }
        byCategory[c].required++
        if (ok) byCategory[c].reported++
      }
      if (!ok) {
        missing++
        if (examples.length < 10) examples.push({ transactionId: ids[r]!, amount: amount[r]!, currency: v(currency!, r), required: need, filed: CATEGORY_BITS.filter((_, b) => (filed[r]! & (1 << b)) !== 0) })
      }
    }
    const share = required === 0 ? 1 : (required - missing) / required
    const passed = missing === 0 && unknown.length === 0 && unrequired === 0
    return {
      passed,
      figure: share,
      threshold: 1,
      ...(passed ? say('largeValuePass', { required }) : say('largeValueFail', { missing, required, unknown: unknown.length, unrequired })),
      evidence: { required, missing, byCategory, reportsOfUnknownTransactions: unknown.slice(0, 20), reportsNotRequired: unrequired, reportsNotRequiredExamples: unrequiredExamples, examples },
    }
  },
})
