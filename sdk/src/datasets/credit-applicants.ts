/** Columns of the `credit-applicants` dataset as scenarios see them. */
export const CREDIT_APPLICANTS = {
  id: 'u32',
  age: 'u8',
  income: 'f64',
  employmentYears: 'f64',
  debtToIncome: 'f64',
  creditHistoryMonths: 'u16',
  delinquencies: 'u8',
  existingLoans: 'u8',
  requestedAmount: 'f64',
  termMonths: 'u16',
  region: 'dict',
  gender: 'dict',
  ageBand: 'dict',
} as const

/** Label columns: present in the training partition, withheld from the evaluation partition. */
export const CREDIT_APPLICANTS_LABELS = { defaulted: 'u8' } as const

/** Columns a fair model must not use, and across which fairness is measured. */
export const CREDIT_APPLICANTS_PROTECTED = ['gender', 'region', 'ageBand'] as const

/** Generator options of `credit-applicants`, given in the dataset request's `options`. */
export interface CreditApplicantsOptions {
  /** Expected share of defaults, 0.01–0.6 (default 0.2). */
  baseRate?: number
}
