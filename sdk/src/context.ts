import type { DatasetColumns, DatasetCompanions, DatasetKind, DatasetOptions, PII_COLUMNS, TrainingColumns } from './datasets/index.js'
import type { Random } from './random.js'
import type { Table, TableSchema } from './table.js'

/** A dataset a scenario asks for: its kind and size. */
export interface DatasetRequest<K extends DatasetKind = DatasetKind> {
  kind: K
  /** Rows in the evaluation partition: the rows the scenario decides on. Labels stay on the host. */
  rows: number
  /** Rows in the training partition, which carries the labels. Default 0. */
  trainingRows?: number
  /** Add synthetic personal-data columns (names, ID numbers, phones) where the kind has them. */
  pii?: boolean
  /** Generator options of the kind, e.g. `{ baseRate: 0.1 }`; validated by the host. */
  options?: DatasetOptions<K>
}

/** The personal-data columns a request adds when it says `pii: true`. */
type PiiOf<R extends DatasetRequest> = R['pii'] extends true ? typeof PII_COLUMNS : unknown

/** Captured log lines; the total size is capped by the run's limits. */
export interface Logger {
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

/**
 * A table of a dataset kind as shared feature code takes it: the columns both partitions have. The
 * evaluation table (`ctx.data.x`) and the training table (`ctx.training.x`, which adds the labels)
 * are both assignable to it, so one `features(t: FeatureTable<'credit-applicants'>)` serves both,
 * with no cast. Code that needs the labels takes `LabelledTable<K>` (the training partition).
 */
export type FeatureTable<K extends DatasetKind> = Table<Extract<DatasetColumns<K>, TableSchema>>

/** A training table of a dataset kind: the feature columns and the labels. */
export type LabelledTable<K extends DatasetKind> = Table<Extract<TrainingColumns<K>, TableSchema>>

/** The datasets of a scenario, keyed by the names it gave them. */
export type DataOf<D extends Record<string, DatasetRequest>> = {
  [N in keyof D]: Table<Extract<DatasetColumns<D[N]['kind']> & PiiOf<D[N]>, TableSchema>>
}

/** The training partitions, with their label columns. */
export type TrainingOf<D extends Record<string, DatasetRequest>> = {
  [N in keyof D]: Table<Extract<TrainingColumns<D[N]['kind']> & PiiOf<D[N]>, TableSchema>>
}

/** The companion tables of each dataset, e.g. `related.instructions.participants`. */
export type RelatedOf<D extends Record<string, DatasetRequest>> = {
  [N in keyof D]: { [C in keyof DatasetCompanions<D[N]['kind']>]: Table<Extract<DatasetCompanions<D[N]['kind']>[C], TableSchema>> }
}

/** Everything a scenario's `run` receives. */
export interface ScenarioContext<D extends Record<string, DatasetRequest> = Record<string, DatasetRequest>, P = unknown> {
  /** Evaluation partitions: the rows to decide on, without hidden labels. */
  data: DataOf<D>
  /** Training partitions, with labels (empty tables when no training rows were asked for). */
  training: TrainingOf<D>
  /** Companion tables of each dataset (e.g. the participants of settlement instructions). */
  related: RelatedOf<D>
  /** The run's parameters, validated against the scenario's schema. */
  params: P
  /** The run's seed. */
  seed: number
  /** A random source seeded from the run's seed (Math.random is seeded the same way). */
  random: Random
  /** Captured log: shown in the run's report, size-capped. */
  log: Logger
  /** Reports progress between 0 and 1, shown live to operators. */
  progress(fraction: number, message?: string): void
}
