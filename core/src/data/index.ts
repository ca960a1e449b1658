export {
  generateDataset,
  visibleEvaluation,
  parseDatasetOptions,
  GENERATORS,
  MAX_GENERATED_ROWS,
  DATASET_KIND_NAMES,
  type DatasetSpec,
  type GeneratedDataset,
} from './generate.js'
export { defineGenerator, type Generator, type GeneratorRequest, type GeneratorOutput, type PiiCanaries, type Period } from './generator.js'
export { nationalIdCheckDigit, isNationalIdShaped } from './pii.js'
export { createDraw, Draw, type Seed } from './random.js'
export { floorFill } from './floor.js'
export { sliceTable, dropColumns, copyTable, tableBytes } from './table-data.js'
export { estimateDatasetBytes } from './estimate.js'
export { writeTable, type TableFormat } from './write-table.js'
