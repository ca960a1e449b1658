/** The host's validation of the `market-risk` result kind. */
import { z } from 'zod'
import { MARKET_RISK_COLUMNS } from '../results/market-risk.js'
import { aggregatesSchema } from './aggregates.js'
import { tableSchema } from './table.js'

/** The host's validation of a `market-risk` output (finite, non-negative VaR is the checks' job). */
export const marketRiskSchema = z
  .object({
    kind: z.literal('market-risk'),
    confidence: z.number().gt(0.5).lt(1),
    horizonDays: z.literal(1),
    portfolios: z.record(z.string().min(1).max(100), z.record(z.string().min(1).max(100), z.number())).optional(),
    forecasts: tableSchema(MARKET_RISK_COLUMNS),
    aggregates: aggregatesSchema,
  })
  .strict()
