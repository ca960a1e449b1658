import { DATASET_KINDS, type DatasetKind, type TableData } from '@bund/sdk'
import { BundError } from '../errors.js'
import { generateCreditApplicants } from './credit-applicants.js'
import { dropColumns, sliceTable } from './table-data.js'

/** What to generate: a kind, the partition sizes and the seed. */
export interface DatasetSpec {
  kind: DatasetKind
  rows: number
  trainingRows?: number
  seed: number
  options?: Record<string, unknown>
}

/** A generated dataset: both partitions with their labels (the host's view). */
export interface GeneratedDataset {
  kind: DatasetKind
  training: TableData
  evaluation: TableData
  /** Names of the label columns, to be withheld from the evaluation partition. */
  labels: readonly string[]
  /** Names of the protected attributes. */
  protected: readonly string[]
}

type Generator = (rows: number, seed: number, options: Record<string, unknown>) => TableData

const GENERATORS: Partial<Record<DatasetKind, Generator>> = {
  'credit-applicants': (rows, seed, options) => generateCreditApplicants(rows, seed, options),
}

/** The largest rows a generator accepts per request. */
export const MAX_GENERATED_ROWS = 2_000_000

/** Generates a dataset: the same spec gives the same bytes on every machine. */
export function generateDataset(spec: DatasetSpec): GeneratedDataset {
  const generator = GENERATORS[spec.kind]
  if (generator === undefined) throw new BundError('DATA_INVALID', `unknown dataset kind ${spec.kind}; known: ${Object.keys(GENERATORS).join(', ')}`)
  const trainingRows = spec.trainingRows ?? 0
  const total = spec.rows + trainingRows
  if (!Number.isInteger(spec.rows) || spec.rows < 1 || !Number.isInteger(trainingRows) || trainingRows < 0 || total > MAX_GENERATED_ROWS) {
    throw new BundError('DATA_INVALID', `rows must be an integer from 1 and rows + trainingRows at most ${MAX_GENERATED_ROWS}`)
  }
  if (!Number.isInteger(spec.seed)) throw new BundError('DATA_INVALID', `seed must be an integer, got ${spec.seed}`)
  // One stream for both partitions: training first, so its rows do not depend on the evaluation size.
  const all = generator(total, spec.seed, spec.options ?? {})
  const meta = DATASET_KINDS[spec.kind]
  return {
    kind: spec.kind,
    training: sliceTable(all, 0, trainingRows),
    evaluation: sliceTable(all, trainingRows, total),
    labels: Object.keys(meta.labels),
    protected: meta.protected,
  }
}

/** The evaluation partition as the scenario may see it: without its labels. */
export function visibleEvaluation(dataset: GeneratedDataset): TableData {
  return dropColumns(dataset.evaluation, dataset.labels)
}
