/**
 * The per-row fields of a run's result that a published aggregate's measure may name
 * (`{ stat, result }`, the SDK's RESULT_MEASURE_FIELDS), each joined to the rows of the evaluation
 * partition it is about by the host's own joins: a decision's `approved` and `score` by applicant,
 * a risk score by row, `alerted` by transaction. A row with no value (undecided, or decided twice)
 * is NaN.
 */
import { RESULT_MEASURE_FIELDS, type ResultKind } from '@bund/sdk'
import type { GeneratedDataset } from '../data/index.js'
import { joinAlerts } from './aml-join.js'
import type { CheckInput } from './check.js'
import { applicantsOf, joinDecisions } from './credit-join.js'
import { joinScores } from './risk-join.js'
import { datasetOf, numeric } from './tables.js'

/** A result field by evaluation row of the dataset it joins to. */
export interface ResultField {
  dataset: GeneratedDataset
  /** One value per evaluation row; NaN where the result gives the row none, or more than one. */
  values: Float64Array
}

// Every kind's list, checked against the SDK's kinds (a kind added there must be placed here).
const FIELDS: Record<ResultKind, readonly string[]> = RESULT_MEASURE_FIELDS

/** The fields a kind's measures may name. */
export function resultFieldsOf(kind: ResultKind): readonly string[] {
  return FIELDS[kind]
}

const cache = new WeakMap<object, Map<string, { datasets: CheckInput['datasets']; field: ResultField }>>()

/** A field of the run's result by evaluation row; undefined when the kind has no such field. */
export function resultField(input: CheckInput, name: string): ResultField | undefined {
  if (!resultFieldsOf(input.kind).includes(name)) return undefined
  const output = input.output as object
  let byName = cache.get(output)
  if (byName === undefined) cache.set(output, (byName = new Map()))
  const cached = byName.get(name)
  if (cached !== undefined && cached.datasets === input.datasets) return cached.field
  const field = join(input, name)
  byName.set(name, { datasets: input.datasets, field })
  return field
}

function join(input: CheckInput, name: string): ResultField {
  if (input.kind === 'credit-decisions') {
    const j = joinDecisions(input)
    const given = name === 'approved' ? j.approved : numeric(j.decisions.decisions, 'score', 'f64', 'the decisions')
    const values = new Float64Array(j.applicants.rows).fill(Number.NaN)
    const seen = new Uint8Array(j.applicants.rows)
    for (let i = 0; i < j.row.length; i++) {
      const r = j.row[i]!
      values[r] = seen[r] === 0 ? given[i]! : Number.NaN
      seen[r] = 1
    }
    return { dataset: applicantsOf(input), values }
  }
  if (input.kind === 'risk-scores') {
    const j = joinScores(input)
    return { dataset: j.dataset, values: Float64Array.from(j.score) }
  }
  // aml-alerts: `alerted`, whether some alert names the transaction.
  const flagged = joinAlerts(input).flagged
  return { dataset: datasetOf(input, 'transactions'), values: Float64Array.from(flagged) }
}
