import { CREDIT_APPLICANTS, CREDIT_APPLICANTS_LABELS, CREDIT_APPLICANTS_PROTECTED } from './credit-applicants.js'

/** Every dataset kind: its visible columns, its label columns and its protected attributes. */
export const DATASET_KINDS = {
  'credit-applicants': {
    columns: CREDIT_APPLICANTS,
    labels: CREDIT_APPLICANTS_LABELS,
    protected: CREDIT_APPLICANTS_PROTECTED,
  },
} as const

/** The name of a dataset kind. */
export type DatasetKind = keyof typeof DATASET_KINDS

/** The visible columns of a dataset kind. */
export type DatasetColumns<K extends DatasetKind> = (typeof DATASET_KINDS)[K]['columns']

/** The visible and label columns of a dataset kind: the shape of its training partition. */
export type TrainingColumns<K extends DatasetKind> = DatasetColumns<K> & (typeof DATASET_KINDS)[K]['labels']

export { CREDIT_APPLICANTS, CREDIT_APPLICANTS_LABELS, CREDIT_APPLICANTS_PROTECTED }
