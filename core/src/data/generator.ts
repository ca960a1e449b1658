/**
 * The contract every dataset generator meets: one file per kind defines its options (zod, with
 * defaults) and a `generate` function that fills typed-array columns from the seed.
 */
import type { DatasetKind, TableData } from '@bund/sdk'
import type { z } from 'zod'
import type { Seed } from './random.js'

/** What a generator is asked for: partition sizes, seed, validated options, and PII or not. */
export interface GeneratorRequest<O> {
  /** Rows of the evaluation partition, as requested. */
  rows: number
  /** Rows of the training partition, as requested (generated first). */
  trainingRows: number
  seed: Seed
  options: O
  /** Add the PII columns (only asked of kinds that support them). */
  pii: boolean
  /** Years of drift added per partition (host-only: the out-of-time arrangement; kinds with `drift`). */
  period?: Period
  /** Host-only: the day (over both partitions) from which the series takes another future (kinds that are series in time). */
  futureFrom?: number
}

/** Years of drift added to each partition, on top of the kind's `drift` option. */
export interface Period {
  training: number
  evaluation: number
}

/** The drift of row i of a table whose evaluation rows start at `from`. */
export interface PartitionDrift {
  training: number
  evaluation: number
  from: number
}

/** The per-partition drift of a generator request whose kind has a `drift` option. */
export function partitionDrift(drift: number, trainingRows: number, period?: Period): PartitionDrift {
  return { training: drift + (period?.training ?? 0), evaluation: drift + (period?.evaluation ?? 0), from: trainingRows }
}

/** Planted personal-data values, kept on the host so the privacy checks can look for leaks. */
export interface PiiCanaries {
  fullName: string[]
  nationalId: string[]
  phone: string[]
}

/** A generator's result: training rows first, then evaluation rows, labels included. */
export interface GeneratorOutput {
  table: TableData
  /** Where the evaluation partition starts: usually the request's, whole days for time series. */
  trainingRows: number
  /** Companion tables, shared by both partitions (e.g. settlement participants). */
  companions?: Record<string, TableData>
  canaries?: PiiCanaries
  /** Each row's true probability of its label, where the label is a Bernoulli draw (host-only). */
  probabilities?: Float64Array
}

/** One dataset kind's generator. */
export interface Generator<O = unknown> {
  kind: DatasetKind
  /** Validates and completes the request's `options` (strict: an unknown option is an error). */
  options: z.ZodType<O, unknown>
  generate(request: GeneratorRequest<O>): GeneratorOutput
}

/** Declares a generator. An identity function, for type inference. */
export function defineGenerator<O>(generator: Generator<O>): Generator<O> {
  return generator
}
