import { DATASET_KINDS, type DatasetKind, type TableData } from '@bund/sdk'
import { BundError } from '../kernel/index.js'
import { creditApplicants } from './credit-applicants.js'
import type { Generator, Period, PiiCanaries } from './generator.js'
import type { Seed } from './random.js'
import { marketSeries } from './market-series.js'
import { settlementInstructions } from './settlement-instructions.js'
import { smeLoans } from './sme-loans.js'
import { dropColumns, sliceTable } from './table-data.js'
import { transactions } from './transactions.js'

/** What to generate: a kind, the partition sizes, the seed, and the kind's options. */
export interface DatasetSpec {
  kind: DatasetKind
  /** Rows of the evaluation partition. */
  rows: number
  trainingRows?: number
  /** A public integer seed, or a run's secret evaluation key (64 hex digits). */
  seed: Seed
  /** Add the PII columns (kinds whose contract allows them; ignored by the others). */
  pii?: boolean
  options?: Record<string, unknown>
  /**
   * Host-only: years of drift added to each partition (kinds with a `drift` option), on top of
   * `options.drift` — how the runner places a run's two evaluation periods (compliance/rerun.ts).
   */
  period?: Period
  /**
   * Host-only: from this day on (a day index over both partitions) a time series draws another
   * future from the same past — the walk-forward probe (compliance/rerun.ts). Kinds that are not
   * series in time ignore it.
   */
  futureFrom?: number
}

/** A generated dataset: both partitions with their labels (the host's view). */
export interface GeneratedDataset {
  kind: DatasetKind
  training: TableData
  evaluation: TableData
  /** Companion tables by name (e.g. settlement `participants`); absent or empty when the kind has none. */
  companions?: Record<string, TableData>
  /** Names of the label columns, to be withheld from the evaluation partition. */
  labels: readonly string[]
  /** Names of the protected attributes. */
  protected: readonly string[]
  /** Planted PII values, present when PII columns were generated. */
  canaries?: PiiCanaries
  /** Each evaluation row's true probability of its label, for kinds whose label is a Bernoulli draw (host-only). */
  probabilities?: Float64Array
  /** What it was generated from (host-only: it may hold the run's evaluation key). */
  spec?: DatasetSpec
}

/** Every kind's generator. */
export const GENERATORS: { [K in DatasetKind]: Generator<unknown> } = {
  'credit-applicants': creditApplicants,
  'sme-loans': smeLoans,
  transactions,
  'settlement-instructions': settlementInstructions,
  'market-series': marketSeries,
}

/** The largest rows + trainingRows a generator accepts per request. */
export const MAX_GENERATED_ROWS = 2_000_000

/** The known kinds, for messages. */
export const DATASET_KIND_NAMES = Object.keys(DATASET_KINDS) as DatasetKind[]

/** A kind's options, validated and completed with defaults; DATA_INVALID names the bad option. */
export function parseDatasetOptions(kind: DatasetKind, options: unknown = {}): unknown {
  const generator = generatorOf(kind)
  const parsed = generator.options.safeParse(options ?? {})
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
    const path = issue.path.length > 0 ? `options.${issue.path.map(String).join('.')}` : 'options'
    return keys.length > 0 ? `unknown option ${keys.map((k) => `options.${k}`).join(', ')}` : `${path}: ${issue.message}`
  })
  throw new BundError('DATA_INVALID', `${kind}: ${problems.join('; ')}`)
}

function generatorOf(kind: DatasetKind): Generator<unknown> {
  const generator = Object.hasOwn(GENERATORS, kind) ? GENERATORS[kind] : undefined
  if (generator === undefined) throw new BundError('DATA_INVALID', `unknown dataset kind ${kind}; known: ${DATASET_KIND_NAMES.join(', ')}`)
  return generator
}

/** Generates a dataset: the same spec gives the same bytes on every machine. */
export function generateDataset(spec: DatasetSpec): GeneratedDataset {
  const generator = generatorOf(spec.kind)
  const trainingRows = spec.trainingRows ?? 0
  if (!Number.isInteger(spec.rows) || spec.rows < 1) throw new BundError('DATA_INVALID', `rows must be an integer from 1, got ${spec.rows}`)
  if (!Number.isInteger(trainingRows) || trainingRows < 0) throw new BundError('DATA_INVALID', `trainingRows must be an integer from 0, got ${trainingRows}`)
  if (spec.rows + trainingRows > MAX_GENERATED_ROWS) {
    throw new BundError('DATA_INVALID', `rows + trainingRows must be at most ${MAX_GENERATED_ROWS}, got ${spec.rows + trainingRows}`)
  }
  if (typeof spec.seed === 'string' ? !/^[0-9a-f]{64}$/.test(spec.seed) : !Number.isInteger(spec.seed)) {
    throw new BundError('DATA_INVALID', typeof spec.seed === 'string' ? 'an evaluation key must be 64 lower-case hex digits' : `seed must be an integer, got ${spec.seed}`)
  }
  if (spec.period !== undefined && ![spec.period.training, spec.period.evaluation].every((y) => Number.isFinite(y) && y >= 0 && y <= 3)) {
    throw new BundError('DATA_INVALID', `period drift must be 0 to 3 years per partition, got ${JSON.stringify(spec.period)}`)
  }
  const meta = DATASET_KINDS[spec.kind]
  const options = parseDatasetOptions(spec.kind, spec.options)
  // One stream for both partitions: training first, then evaluation.
  const out = generator.generate({ rows: spec.rows, trainingRows, seed: spec.seed, options, pii: spec.pii === true && meta.pii, ...(spec.period ? { period: spec.period } : {}), ...(spec.futureFrom !== undefined ? { futureFrom: spec.futureFrom } : {}) })
  const total = out.table.rows
  return {
    kind: spec.kind,
    spec,
    training: sliceTable(out.table, 0, out.trainingRows),
    evaluation: sliceTable(out.table, out.trainingRows, total),
    companions: out.companions ?? {},
    labels: Object.keys(meta.labels),
    protected: meta.protected,
    ...(out.canaries ? { canaries: out.canaries } : {}),
    ...(out.probabilities ? { probabilities: out.probabilities.slice(out.trainingRows, total) } : {}),
  }
}

/** The evaluation partition as the scenario may see it: without its labels. */
export function visibleEvaluation(dataset: GeneratedDataset): TableData {
  return dropColumns(dataset.evaluation, dataset.labels)
}
