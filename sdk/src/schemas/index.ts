/**
 * `@bund/sdk/schemas`: the zod schemas the host validates scenario outputs with. Kept apart from
 * the SDK's main entry so scenario bundles do not carry zod unless they import it themselves.
 */
import type { z } from 'zod'
import type { ResultKind } from '../results/index.js'
import { creditDecisionsSchema, modelCardSchema } from './credit-decisions.js'

/** Each result kind's output schema. */
export const RESULT_SCHEMAS = {
  'credit-decisions': creditDecisionsSchema,
} as const satisfies Record<ResultKind, z.ZodType>

export { creditDecisionsSchema, modelCardSchema }
export { tableSchema } from './table.js'
