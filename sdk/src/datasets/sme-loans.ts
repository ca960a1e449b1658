/** Columns of the `sme-loans` dataset (inclusive finance: small enterprises asking for micro-loans). */
export const SME_LOANS = {
  id: 'u32',
  sector: 'dict',
  region: 'dict',
  /** The owner's gender, named as in credit-applicants so the fair-lending rules apply to both. */
  gender: 'dict',
  yearsTrading: 'f64',
  annualTurnover: 'f64',
  employees: 'u16',
  collateralValue: 'f64',
  invoices12m: 'u16',
  lateInvoiceShare: 'f64',
  requestedAmount: 'f64',
  termMonths: 'u16',
} as const

/** Label columns: present in the training partition, withheld from the evaluation partition. */
export const SME_LOANS_LABELS = { defaulted: 'u8' } as const

/** Protected attributes: a fair model must not use them; fairness is measured across them. */
export const SME_LOANS_PROTECTED = ['region', 'gender'] as const

/** Columns that encode a protected attribute: the owner's national ID (its sequence parity gives gender). */
export const SME_LOANS_PROXIES = { nationalId: ['gender'] } as const

/** Generator options of `sme-loans`, given in the dataset request's `options`. */
export interface SmeLoansOptions {
  /** Expected share of defaults, 0.01–0.6 (default 0.1). */
  baseRate?: number
  /**
   * Years out of time, 0–3 (default 0): the population drifts as the data README documents. The
   * host scores an out-of-time partition drawn with drift 1 to measure a model's stability.
   */
  drift?: number
}
