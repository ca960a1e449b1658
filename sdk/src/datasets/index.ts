import { CREDIT_APPLICANTS, CREDIT_APPLICANTS_LABELS, CREDIT_APPLICANTS_PROTECTED, CREDIT_APPLICANTS_PROXIES, type CreditApplicantsOptions } from './credit-applicants.js'
import { MARKET_SERIES, MARKET_SERIES_LABELS, MARKET_SERIES_PROTECTED, type MarketSeriesOptions } from './market-series.js'
import { PII_COLUMNS } from './pii.js'
import {
  SETTLEMENT_INSTRUCTIONS,
  SETTLEMENT_INSTRUCTIONS_LABELS,
  SETTLEMENT_INSTRUCTIONS_PROTECTED,
  SETTLEMENT_PARTICIPANTS,
  type SettlementInstructionsOptions,
} from './settlement-instructions.js'
import { SME_LOANS, SME_LOANS_LABELS, SME_LOANS_PROTECTED, SME_LOANS_PROXIES, type SmeLoansOptions } from './sme-loans.js'
import { TRANSACTIONS, TRANSACTIONS_LABELS, TRANSACTIONS_PROTECTED, type TransactionsOptions } from './transactions.js'

/**
 * Every dataset kind: its visible columns, its label columns (withheld from the evaluation
 * partition), its protected attributes, the columns that are proxies of them, its companion tables, and whether it can carry PII columns.
 */
export const DATASET_KINDS = {
  'credit-applicants': {
    columns: CREDIT_APPLICANTS,
    labels: CREDIT_APPLICANTS_LABELS,
    protected: CREDIT_APPLICANTS_PROTECTED,
    proxies: CREDIT_APPLICANTS_PROXIES,
    companions: {},
    pii: true,
  },
  'sme-loans': {
    columns: SME_LOANS,
    labels: SME_LOANS_LABELS,
    protected: SME_LOANS_PROTECTED,
    proxies: SME_LOANS_PROXIES,
    companions: {},
    pii: true,
  },
  transactions: {
    columns: TRANSACTIONS,
    labels: TRANSACTIONS_LABELS,
    protected: TRANSACTIONS_PROTECTED,
    proxies: {},
    companions: {},
    pii: false,
  },
  'settlement-instructions': {
    columns: SETTLEMENT_INSTRUCTIONS,
    labels: SETTLEMENT_INSTRUCTIONS_LABELS,
    protected: SETTLEMENT_INSTRUCTIONS_PROTECTED,
    proxies: {},
    companions: { participants: SETTLEMENT_PARTICIPANTS },
    pii: false,
  },
  'market-series': {
    columns: MARKET_SERIES,
    labels: MARKET_SERIES_LABELS,
    protected: MARKET_SERIES_PROTECTED,
    proxies: {},
    companions: {},
    pii: false,
  },
} as const

/** The name of a dataset kind. */
export type DatasetKind = keyof typeof DATASET_KINDS

/** The visible columns of a dataset kind. */
export type DatasetColumns<K extends DatasetKind> = (typeof DATASET_KINDS)[K]['columns']

/** The visible and label columns of a dataset kind: the shape of its training partition. */
export type TrainingColumns<K extends DatasetKind> = DatasetColumns<K> & (typeof DATASET_KINDS)[K]['labels']

/** The companion tables of a dataset kind, by name, with their columns. */
export type DatasetCompanions<K extends DatasetKind> = (typeof DATASET_KINDS)[K]['companions']

/** The generator options of each dataset kind (the request's `options`). */
export interface DatasetOptionsByKind {
  'credit-applicants': CreditApplicantsOptions
  'sme-loans': SmeLoansOptions
  transactions: TransactionsOptions
  'settlement-instructions': SettlementInstructionsOptions
  'market-series': MarketSeriesOptions
}

/** The generator options of a dataset kind. */
export type DatasetOptions<K extends DatasetKind> = DatasetOptionsByKind[K]

export * from './credit-applicants.js'
export * from './sme-loans.js'
export * from './transactions.js'
export * from './settlement-instructions.js'
export * from './market-series.js'
export * from './pii.js'
export * from './exchange-rates.js'
export * from './large-value.js'
