import type { CreditDecisions, TableData } from '@bund/sdk'
import type { CheckInput } from './check.js'
import type { GeneratedDataset } from '../data/index.js'
import { NotEvaluable } from './check.js'

/** Decisions joined to the applicants they are about. */
export interface JoinedDecisions {
  decisions: CreditDecisions
  applicants: TableData
  /** For each decision, the applicant's row in the evaluation partition. */
  row: Int32Array
  approved: Uint8Array
}

/** The credit-applicants dataset of a run. */
export function applicantsOf(input: CheckInput): GeneratedDataset {
  const found = Object.values(input.datasets).find((d) => d.kind === 'credit-applicants')
  if (found === undefined) throw new NotEvaluable('the run has no credit-applicants dataset')
  return found
}

/**
 * Joins each decision to its applicant by id. Throws NotEvaluable when a decision names an
 * applicant that was not in the evaluation partition.
 */
export function joinDecisions(input: CheckInput): JoinedDecisions {
  const decisions = input.output as CreditDecisions
  const applicants = applicantsOf(input).evaluation
  const ids = new Uint32Array(applicants.columns['id']!.buffer)
  const first = ids[0] ?? 0
  const decided = new Uint32Array(decisions.decisions.columns['applicantId']!.buffer)
  const row = new Int32Array(decided.length)
  for (let i = 0; i < decided.length; i++) {
    const r = decided[i]! - first
    if (r < 0 || r >= ids.length || ids[r] !== decided[i]) throw new NotEvaluable(`decision ${i} names applicant ${decided[i]}, who was not evaluated`)
    row[i] = r
  }
  return { decisions, applicants, row, approved: new Uint8Array(decisions.decisions.columns['approved']!.buffer) }
}
