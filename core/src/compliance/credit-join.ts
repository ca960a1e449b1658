import type { CreditDecisions, TableData } from '@bund/sdk'
import type { GeneratedDataset } from '../data/index.js'
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { datasetOf, idIndexOf, numeric } from './tables.js'
import { say } from './verdict-text.js'

/** Decisions joined to the applicants they are about. */
export interface JoinedDecisions {
  decisions: CreditDecisions
  applicants: TableData
  /** For each decision, the applicant's row in the evaluation partition. */
  row: Int32Array
  approved: Uint8Array
}

/** The applicants dataset of a run: credit-applicants, or sme-loans for small-business lending. */
export function applicantsOf(input: CheckInput): GeneratedDataset {
  return datasetOf(input, ['credit-applicants', 'sme-loans'])
}

// Several checks read the same join; it is computed once per output (the output never changes).
const joins = new WeakMap<object, { datasets: CheckInput['datasets']; joined: JoinedDecisions }>()

/**
 * Joins each decision to its applicant by id. Throws NotEvaluable when a decision names an
 * applicant that was not in the evaluation partition.
 */
export function joinDecisions(input: CheckInput): JoinedDecisions {
  const decisions = input.output as CreditDecisions
  const cached = joins.get(decisions)
  if (cached !== undefined && cached.datasets === input.datasets) return cached.joined
  const joined = joinDecisionTable(decisions, applicantsOf(input).evaluation)
  joins.set(decisions, { datasets: input.datasets, joined })
  return joined
}

/** Joins a decisions table to an applicants table by id. */
export function joinDecisionTable(decisions: CreditDecisions, applicants: TableData): JoinedDecisions {
  const index = idIndexOf(applicants, 'the applicants')
  const decided = numeric(decisions.decisions, 'applicantId', 'u32', 'the decisions')
  const row = new Int32Array(decided.length)
  for (let i = 0; i < decided.length; i++) {
    const r = index.row(decided[i]!)
    if (r < 0) throw new NotEvaluable(say('decisionUnknownApplicant', { decision: i, applicant: String(decided[i]) }))
    row[i] = r
  }
  return { decisions, applicants, row, approved: numeric(decisions.decisions, 'approved', 'u8', 'the decisions') }
}
