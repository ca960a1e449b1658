import type { ResultKind } from '@bund/sdk'
import type { z } from 'zod'
import type { GeneratedDataset } from '../data/index.js'
import type { Manifest, Resources } from '../model/index.js'
import type { RunLimits } from '../sandbox/limits.js'
import type { RerunOutcome, RerunRequest } from './rerun-request.js'
import type { CheckResult } from './verdict.js'
import type { Said, VerdictText } from './verdict.js'

/** What every check sees: the validated output and the host's view of the data, labels included. */
export interface CheckInput {
  kind: ResultKind
  output: unknown
  datasets: Record<string, GeneratedDataset>
  manifest: Manifest
  /** Hex sha256 of the output's canonical JSON, when it has been stored. */
  outputHash?: string
  /** What the run used, for budget checks. */
  resources?: Resources
  /** The limits the run was resolved to (scenario's request capped by the operator), for budget checks. */
  limits?: RunLimits
  /** The run's read-set: per dataset, the columns the scenario read (main run and re-runs together). */
  reads?: Record<string, string[]>
  /** Outputs of the re-runs checks asked for, by rerunKey. */
  reruns?: Record<string, RerunOutcome>
}

/** A named, pure check: params in, figure out. Rule packs refer to checks by name. */
export interface CheckDefinition<P = unknown> {
  name: string
  description: string
  /** Result kinds it can evaluate; '*' for every kind. */
  kinds: readonly ResultKind[] | '*'
  params: z.ZodType<P>
  evaluate(input: CheckInput, params: P): CheckResult
  /**
   * The re-runs the check needs (performed by the job before evaluate); none when absent.
   * `attributes`: the protected attributes the run's data kinds declare.
   */
  reruns?(params: P, attributes: readonly string[]): RerunRequest[]
}

/** Declares a check. An identity function, for type inference of the params. */
export function defineCheck<P>(definition: CheckDefinition<P>): CheckDefinition<P> {
  return definition
}

/** Raised by a check that cannot compute its figure; the rule then fails as "not evaluable". */
export class NotEvaluable extends Error {
  override readonly name = 'NotEvaluable'
  /** Why, as a catalogue sentence (verdict-text.ts). */
  readonly text: VerdictText
  constructor(why: Said) {
    super(why.message)
    this.text = why.text
  }
}
