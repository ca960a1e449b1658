/**
 * `@bund/sdk`: what scenario authors import. Everything here runs inside the isolate, so it uses
 * no Node API and no I/O: only the language itself.
 */
export { defineScenario } from './define-scenario.js'
export type { ScenarioDefinition, ScenarioLimits } from './define-scenario.js'
export { withJsonSchema, type ParamsSchema } from './params-schema.js'
export type { ScenarioContext, DatasetRequest, Logger, DataOf, TrainingOf, RelatedOf, FeatureTable, LabelledTable } from './context.js'
export {
  Table,
  dictCodesFor,
  viewColumn,
  bytesPerElement,
  type ColumnType,
  type ColumnData,
  type TableData,
  type TableSchema,
  type StringColumn,
  type ColumnOf,
  type RowOf,
  type NumericArrays,
  type DictCodes,
} from './table.js'
export { TableBuilder, DictionaryBuilder, tableBuilder } from './builders.js'
export { REASON_CODES, MAX_REASONS, reasonNumber, reasonCode, type ReasonCode } from './reason-codes.js'
export { createRandom, type Random } from './random.js'
export * from './datasets/index.js'
export * from './results/index.js'
