import type { CreditDecisions } from './credit-decisions.js'

/** The output type a scenario of each result kind returns. */
export interface ResultTypes {
  'credit-decisions': CreditDecisions
}

/** The name of a result kind. */
export type ResultKind = keyof ResultTypes

/** Every result kind's name. */
export const RESULT_KIND_NAMES = ['credit-decisions'] as const satisfies readonly ResultKind[]

export * from './credit-decisions.js'
