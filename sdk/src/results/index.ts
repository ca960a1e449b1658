import type { AmlAlerts } from './aml-alerts.js'
import type { CreditDecisions } from './credit-decisions.js'
import type { MarketRisk } from './market-risk.js'
import type { RiskScores } from './risk-scores.js'
import type { SettlementBatch } from './settlement-batch.js'

/** The output type a scenario of each result kind returns. */
export interface ResultTypes {
  'credit-decisions': CreditDecisions
  'risk-scores': RiskScores
  'aml-alerts': AmlAlerts
  'settlement-batch': SettlementBatch
  'market-risk': MarketRisk
}

/** The name of a result kind. */
export type ResultKind = keyof ResultTypes

/** Every result kind's name. */
export const RESULT_KIND_NAMES = ['credit-decisions', 'risk-scores', 'aml-alerts', 'settlement-batch', 'market-risk'] as const satisfies readonly ResultKind[]

export * from './credit-decisions.js'
export * from './risk-scores.js'
export * from './aml-alerts.js'
export * from './settlement-batch.js'
export * from './market-risk.js'
export * from './aggregates.js'
export * from './chain-hash.js'
