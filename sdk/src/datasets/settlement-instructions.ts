/**
 * Columns of the `settlement-instructions` dataset: interbank credit transfers carrying the
 * essential ISO 20022 pacs.008 fields, a share of which must be rejected. Its companion table
 * `participants` lists the banks and their opening balances in central-bank money.
 */
export const SETTLEMENT_INSTRUCTIONS = {
  /** Position in the submission queue, 0-based: instructions are processed in this order. */
  seq: 'u32',
  msgId: 'dict',
  endToEndId: 'dict',
  amount: 'f64',
  currency: 'dict',
  /** BIC of the debtor agent (payer's bank). */
  debtorAgent: 'dict',
  /** BIC of the creditor agent (payee's bank). */
  creditorAgent: 'dict',
  /** ISO date, YYYY-MM-DD. */
  valueDate: 'dict',
} as const

/**
 * Why an instruction was planted to fail: `none`, `insufficient-funds`, `duplicate-e2e` or
 * `unknown-participant`. Kept on the host.
 */
export const SETTLEMENT_INSTRUCTIONS_LABELS = { planted: 'dict' } as const

/** No protected attributes: settlement checks grade integrity, not fairness. */
export const SETTLEMENT_INSTRUCTIONS_PROTECTED = [] as const

/** The companion table of participant banks. */
export const SETTLEMENT_PARTICIPANTS = {
  bic: 'dict',
  name: 'dict',
  currency: 'dict',
  openingBalance: 'f64',
} as const

/** The values of the `planted` label. */
export const SETTLEMENT_PLANTED = ['none', 'insufficient-funds', 'duplicate-e2e', 'unknown-participant'] as const

/** Generator options of `settlement-instructions`, given in the dataset request's `options`. */
export interface SettlementInstructionsOptions {
  /** Number of participant banks, 3–40 (default 12). */
  participants?: number
  /** Share planted to fail for want of funds, 0–0.3 (default 0.03). */
  insufficientFundsRate?: number
  /** Share planted as a duplicate EndToEndId of an earlier settled instruction, 0–0.3 (default 0.01). */
  duplicateRate?: number
  /** Share planted with a debtor or creditor agent that is no participant, 0–0.3 (default 0.01). */
  unknownParticipantRate?: number
}

/** The rejection reasons a settlement may give (ISO 20022 status reason codes in brackets). */
export const SETTLEMENT_REJECTIONS = {
  'insufficient-funds': 'AM04',
  'duplicate-e2e': 'AM05',
  'unknown-participant': 'RC01',
} as const
