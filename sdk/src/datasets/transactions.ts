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

export const TRANSACTIONS_PROTECTED = [] as const

/** The transaction types. */
export const TRANSACTION_TYPES = ['cash-in', 'cash-out', 'transfer', 'payment', 'cross-border'] as const

/** The planted laundering typologies. */
export const TYPOLOGIES = ['fan-out', 'fan-in', 'cycle', 'scatter-gather', 'gather-scatter', 'structuring'] as const
