import type { ResultKind } from '@bund/sdk'
import type { z } from 'zod'
import type { GeneratedDataset } from '../data/index.js'
import type { Manifest } from '../manifest/schema.js'
import type { CheckResult } from './verdict.js'

/** What every check sees: the validated output and the host's view of the data, labels included. */
export interface CheckInput {
  kind: ResultKind
  output: unknown
  datasets: Record<string, GeneratedDataset>
  manifest: Manifest
}

/** A named, pure check: params in, figure out. Rule packs refer to checks by name. */
export interface CheckDefinition<P = unknown> {
  name: string
  description: string
  /** Result kinds it can evaluate; '*' for every kind. */
  kinds: readonly ResultKind[] | '*'
  params: z.ZodType<P>
  evaluate(input: CheckInput, params: P): CheckResult
}

/** Declares a check. An identity function, for type inference of the params. */
export function defineCheck<P>(definition: CheckDefinition<P>): CheckDefinition<P> {
  return definition
}

/** Raised by a check that cannot compute its figure; the rule then fails as "not evaluable". */
export class NotEvaluable extends Error {
  override readonly name = 'NotEvaluable'
}
