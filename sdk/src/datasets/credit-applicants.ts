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

/**
 * Columns that encode a protected attribute (column → the attributes it reveals): `age` gives the
 * age band; the national ID's sequence parity gives gender and its birth date the age band. Names
 * are drawn independently of gender, so `fullName` is none. A credit model must not read these.
 */
export const CREDIT_APPLICANTS_PROXIES = { age: ['ageBand'], nationalId: ['gender', 'ageBand'] } as const

/** Generator options of `credit-applicants`, given in the dataset request's `options`. */
export interface CreditApplicantsOptions {
  /** Expected share of defaults, 0.01–0.6 (default 0.2). */
  baseRate?: number
  /**
   * Years out of time, 0–3 (default 0): the population drifts as the data README documents. The
   * host scores an out-of-time partition drawn with drift 1 to measure a model's stability.
   */
  drift?: number
}
