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
 * Large-value reporting thresholds (PBoC Order [2016] No. 3, art. 5): each applies to a single
 * transaction or to a customer's total for the day, in CNY for CNY transactions and in USD
 * equivalent for foreign-currency ones. Structuring keeps single amounts just below them.
 */
export const REPORTING_THRESHOLDS = {
  /** Cash deposits and withdrawals (art. 5(1)). */
  cashCny: 50_000,
  cashUsd: 10_000,
  /** A person's cross-border transfer (art. 5(4)). */
  personCrossBorderCny: 200_000,
  personCrossBorderUsd: 10_000,
  /** A person's domestic transfer (art. 5(3)). */
  personTransferCny: 500_000,
  personTransferUsd: 100_000,
  /** A company's (non-natural person's) transfer (art. 5(2)). */
  companyTransferCny: 2_000_000,
  companyTransferUsd: 200_000,
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
