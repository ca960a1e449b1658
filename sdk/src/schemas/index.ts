/**
 * `@bund/sdk/schemas`: the zod schemas the host validates scenario outputs with. Kept apart from
 * the SDK's main entry so scenario bundles do not carry zod unless they import it themselves.
 */
import type { z } from 'zod'
import type { ResultKind } from '../results/index.js'
import { amlAlertsSchema } from './aml-alerts.js'
import { creditDecisionsSchema } from './credit-decisions.js'
import { marketRiskSchema } from './market-risk.js'
import { modelCardSchema } from './model-card.js'
import { riskScoresSchema } from './risk-scores.js'
import { settlementBatchSchema } from './settlement-batch.js'

/** Each result kind's output schema. */
export const RESULT_SCHEMAS = {
  'credit-decisions': creditDecisionsSchema,
  'risk-scores': riskScoresSchema,
  'aml-alerts': amlAlertsSchema,
  'settlement-batch': settlementBatchSchema,
  'market-risk': marketRiskSchema,
} as const satisfies Record<ResultKind, z.ZodType>

export { creditDecisionsSchema, modelCardSchema, riskScoresSchema, amlAlertsSchema, settlementBatchSchema, marketRiskSchema }
export { measureSchema, publishedAggregateSchema, aggregatesSchema } from './aggregates.js'
export { tableSchema } from './table.js'
