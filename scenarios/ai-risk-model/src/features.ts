/**
 * The model's inputs, computed from the credit-applicants columns. Protected attributes (gender,
 * region, age band) are left out, and so is age, from which the age band is derived.
 */
import type { CREDIT_APPLICANTS, Table } from '@bund/sdk'
import type { Columns } from './gbt.js'

/** The names the model card lists, in column order. */
export const FEATURE_NAMES = [
  'income',
  'debt-to-income',
  'delinquencies',
  'credit history (months)',
  'employment (years)',
  'existing loans',
  'amount to income',
  'term (months)',
] as const

/** The feature columns of an applicants table (training or evaluation partition). */
export function features(t: Table<typeof CREDIT_APPLICANTS>): Columns {
  const income = t.column('income')
  const amount = t.column('requestedAmount')
  const amountToIncome = new Float64Array(t.rows)
  for (let i = 0; i < t.rows; i++) amountToIncome[i] = amount[i]! / income[i]!
  return [
    Float64Array.from(income),
    Float64Array.from(t.column('debtToIncome')),
    Float64Array.from(t.column('delinquencies')),
    Float64Array.from(t.column('creditHistoryMonths')),
    Float64Array.from(t.column('employmentYears')),
    Float64Array.from(t.column('existingLoans')),
    amountToIncome,
    Float64Array.from(t.column('termMonths')),
  ]
}
