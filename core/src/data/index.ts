export { generateDataset, visibleEvaluation, MAX_GENERATED_ROWS, type DatasetSpec, type GeneratedDataset } from './generate.js'
export { generateCreditApplicants, type CreditApplicantsOptions } from './credit-applicants.js'
export { sliceTable, dropColumns, copyTable, tableBytes } from './table-data.js'
