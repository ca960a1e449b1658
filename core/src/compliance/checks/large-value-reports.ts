import { type AmlAlerts, CNY_PER_UNIT, LARGE_VALUE_CATEGORIES, type LargeValueCategory } from '@bund/sdk'
import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { IdIndex, categorical, datasetOf, numeric } from '../tables.js'

/** By default, the rates the payment datasets are generated with (every currency they use). */
const DEFAULT_CNY_RATES = { ...CNY_PER_UNIT }

/** The thresholds and classification of large-value transactions, all pack parameters. */
const paramsSchema = z
  .object({
    /** Thresholds in CNY (PBOC Order No. 3 [2016], art. 5). */
    cash: z.number().positive().default(50_000),
    entityTransfer: z.number().positive().default(2_000_000),
    personDomesticTransfer: z.number().positive().default(500_000),
    personCrossBorderTransfer: z.number().positive().default(200_000),
    /** CNY per unit of each currency the data may use. */
    cnyRates: z.record(z.string(), z.number().positive()).default(DEFAULT_CNY_RATES),
    cashTypes: z.array(z.string()).default(['cash-in', 'cash-out']),
    crossBorderTypes: z.array(z.string()).default(['cross-border']),
    person: z.string().default('person'),
  })
  .strict()

type Params = z.infer<typeof paramsSchema>

/** Each category's bit in the per-transaction mask of reports filed. */
const CATEGORY_BITS: readonly LargeValueCategory[] = LARGE_VALUE_CATEGORIES

/** The report categories a transaction requires, from its type, parties, countries and CNY amount. */
export function requiredCategories(
  t: { type: string; cny: number; fromEntity: string; toEntity: string; fromCountry: string; toCountry: string },
  p: Params,
): LargeValueCategory[] {
  if (p.cashTypes.includes(t.type)) return t.cny >= p.cash ? ['cash'] : []
  const out: LargeValueCategory[] = []
  const personParty = t.fromEntity === p.person || t.toEntity === p.person
  const entityParty = t.fromEntity !== p.person || t.toEntity !== p.person
  const crossBorder = t.fromCountry !== t.toCountry || p.crossBorderTypes.includes(t.type)
  if (entityParty && t.cny >= p.entityTransfer) out.push('entity-transfer')
  if (personParty && !crossBorder && t.cny >= p.personDomesticTransfer) out.push('person-domestic-transfer')
  if (personParty && crossBorder && t.cny >= p.personCrossBorderTransfer) out.push('person-cross-border-transfer')
  return out
}

/**
 * Large-value transaction reporting (PBOC Order No. 3 [2016], art. 5): every transaction at or
 * above a threshold has a report of an applicable category — cash ≥ 50,000 CNY; transfers where a
 * party is an entity ≥ 2,000,000 CNY; domestic transfers where a party is a person ≥ 500,000 CNY;
 * cross-border transfers where a party is a person ≥ 200,000 CNY. Figure: share reported.
 */
export const largeValueReports = defineCheck({
  name: 'large-value-reports',
  description: 'Every transaction at or above the large-value thresholds is reported under an applicable category.',
  kinds: ['aml-alerts'],
  params: paramsSchema,
  evaluate(input, params) {
    const tx = datasetOf(input, 'transactions').evaluation
    const what = 'the transactions'
    const ids = numeric(tx, 'id', 'u32', what)
    const amount = numeric(tx, 'amount', 'f64', what)
    const cols = ['type', 'currency', 'fromEntity', 'toEntity', 'fromCountry', 'toCountry'] as const
    const [type, currency, fromEntity, toEntity, fromCountry, toCountry] = cols.map((c) => categorical(tx, c, what))
    const rate = currency!.dictionary.map((c) => params.cnyRates[c])
    // Reports filed, by transaction row: a bit per category.
    const reports = (input.output as AmlAlerts).reports
    const index = new IdIndex(ids)
    const reportedIds = numeric(reports, 'transactionId', 'u32', 'the reports')
    const category = categorical(reports, 'category', 'the reports')
    const filed = new Uint8Array(tx.rows)
    const unknown: number[] = []
    for (let i = 0; i < reportedIds.length; i++) {
      const r = index.row(reportedIds[i]!)
      if (r < 0) unknown.push(reportedIds[i]!)
      else filed[r]! |= 1 << CATEGORY_BITS.indexOf(category.dictionary[category.codes[i]!] as LargeValueCategory)
    }
    const byCategory: Record<string, { required: number; reported: number }> = {}
    let required = 0
    let missing = 0
    let unrequired = 0
    const examples: Array<{ transactionId: number; amountCny: number; required: string[]; filed: string[] }> = []
    const v = (c: { codes: ArrayLike<number>; dictionary: readonly string[] }, r: number) => c.dictionary[c.codes[r]!]!
    for (let r = 0; r < tx.rows; r++) {
      const cur = currency!.codes[r]!
      const perUnit = rate[cur]
      if (perUnit === undefined) throw new NotEvaluable(`no CNY rate for currency ${currency!.dictionary[cur]} (add it to the rule's cnyRates)`)
      const cny = amount[r]! * perUnit
      // Nothing below the lowest threshold can need a report.
      if (cny < Math.min(params.cash, params.personCrossBorderTransfer, params.personDomesticTransfer, params.entityTransfer)) {
        if (filed[r] !== 0) unrequired++
        continue
      }
      const t = { type: v(type!, r), cny, fromEntity: v(fromEntity!, r), toEntity: v(toEntity!, r), fromCountry: v(fromCountry!, r), toCountry: v(toCountry!, r) }
      const needed = requiredCategories(t, params)
      if (needed.length === 0) {
        if (filed[r] !== 0) unrequired++
        continue
      }
      required++
      const ok = needed.some((c) => (filed[r]! & (1 << CATEGORY_BITS.indexOf(c))) !== 0)
      for (const c of needed) {
        byCategory[c] ??= { required: 0, reported: 0 }
        byCategory[c].required++
        if (ok) byCategory[c].reported++
      }
      if (!ok) {
        missing++
        if (examples.length < 10) {
          examples.push({ transactionId: ids[r]!, amountCny: cny, required: needed, filed: CATEGORY_BITS.filter((_, b) => (filed[r]! & (1 << b)) !== 0) })
        }
      }
    }
    const share = required === 0 ? 1 : (required - missing) / required
    const passed = missing === 0 && unknown.length === 0
    return {
      passed,
      figure: share,
      threshold: 1,
      message: passed
        ? `all ${required} transactions at or above the large-value thresholds are reported`
        : `${missing} of ${required} large-value transactions are not reported under an applicable category${unknown.length > 0 ? `, and ${unknown.length} reports name unknown transactions` : ''}`,
      evidence: { required, missing, byCategory, reportsOfUnknownTransactions: unknown.slice(0, 20), reportsBelowThresholds: unrequired, examples },
    }
  },
})

