import type { CheckDefinition } from '../check.js'
import { adverseActionReasons } from './adverse-action-reasons.js'
import { decisionCoverage } from './decision-coverage.js'
import { fourFifths } from './four-fifths.js'
import { outputSchema } from './output-schema.js'

/** Every built-in check, by the name rule packs use. */
export const CHECKS: Record<string, CheckDefinition<never>> = Object.fromEntries(
  [outputSchema, decisionCoverage, fourFifths, adverseActionReasons].map((c) => [c.name, c as CheckDefinition<never>]),
)

export { adverseActionReasons, decisionCoverage, fourFifths, outputSchema }
