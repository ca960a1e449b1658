/**
 * Columns of the `transactions` dataset (in the manner of PaySim and IBM's AMLworld): persons and
 * companies holding accounts at several synthetic banks, with laundering typologies planted.
 */
export const TRANSACTIONS = {
  id: 'u32',
  /** Milliseconds since the epoch. */
  timestamp: 'f64',
  type: 'dict',
  amount: 'f64',
  currency: 'dict',
  channel: 'dict',
  fromAccount: 'u32',
  toAccount: 'u32',
  fromBank: 'dict',
  toBank: 'dict',
  /** `person` or `company`. */
  fromEntity: 'dict',
  toEntity: 'dict',
  fromCountry: 'dict',
  toCountry: 'dict',
  balanceBefore: 'f64',
  balanceAfter: 'f64',
} as const

/** `laundering` is 0/1; `typology` names the planted pattern (`none` for ordinary traffic). */
export const TRANSACTIONS_LABELS = { laundering: 'u8', typology: 'dict' } as const

/** No protected attributes: AML checks grade detection, not fairness. */
export const TRANSACTIONS_PROTECTED = [] as const

/** The transaction types. */
export const TRANSACTION_TYPES = ['cash-in', 'cash-out', 'transfer', 'payment', 'cross-border'] as const

/** The planted laundering typologies. */
export const TYPOLOGIES = ['fan-out', 'fan-in', 'cycle', 'scatter-gather', 'gather-scatter', 'structuring'] as const

/**
 * Large-value reporting thresholds (PBoC Order [2016] No. 3, art. 5), in CNY unless the key says
 * USD. Structuring keeps single amounts just below them.
 */
export const REPORTING_THRESHOLDS = {
  /** Cash deposits and withdrawals, per day. */
  cashCny: 50_000,
  /** Cash in foreign currency, USD equivalent. */
  cashUsd: 10_000,
  /** A person's cross-border transfer. */
  personCrossBorderCny: 200_000,
  personCrossBorderUsd: 10_000,
  /** A person's domestic transfer. */
  personTransferCny: 500_000,
  /** A company's transfer. */
  companyTransferCny: 2_000_000,
} as const

/** Generator options of `transactions`, given in the dataset request's `options`. */
export interface TransactionsOptions {
  /** Share of transactions that belong to a planted laundering pattern, 0–0.05 (default 0.001). */
  launderingRate?: number
  /** Days the transactions span, 1–366 (default 30). */
  days?: number
  /** Number of accounts, 20–1,000,000 (default: one per 10 transactions, 200 to 200,000). */
  accounts?: number
}
