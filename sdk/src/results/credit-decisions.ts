/**
 * Result kind `credit-decisions`: one decision per evaluated applicant, with a score, the APR offered
 * and up to four adverse-action reasons per decline (stored as 1-based reason numbers, 0 = none).
 */
import { TableBuilder } from '../builders.js'
import { MAX_REASONS, type ReasonCode, reasonNumber } from '../reason-codes.js'
import type { TableData } from '../table.js'
import type { PublishedAggregate } from './aggregates.js'

/** A model card: what the model is, what it uses, what it is for and where it falls short. */
export interface ModelCard {
  name: string
  method?: string
  features: string[]
  intendedUse?: string
  limitations?: string
}

/** The columns of the `decisions` table. */
export const CREDIT_DECISION_COLUMNS = {
  applicantId: 'u32',
  approved: 'u8',
  score: 'f64',
  apr: 'f64',
  reason1: 'u8',
  reason2: 'u8',
  reason3: 'u8',
  reason4: 'u8',
} as const

/** What a `credit-decisions` scenario returns. */
export interface CreditDecisions {
  kind: 'credit-decisions'
  decisions: TableData
  model?: ModelCard
  /** Aggregates published with the decisions; every cell must count at least k applicants. */
  aggregates?: PublishedAggregate[]
}

/** One decision, as given to {@link CreditDecisionsBuilder.set}. */
export interface CreditDecision {
  applicantId: number
  approved: boolean
  /** The model's score, e.g. the estimated probability of default. */
  score: number
  /** Annual percentage rate offered (NaN when declined). */
  apr?: number
  /** Adverse-action reasons, required on a decline (1 to 4). */
  reasons?: readonly ReasonCode[]
}

/** Fills a `credit-decisions` output row by row. */
export class CreditDecisionsBuilder {
  readonly #table: TableBuilder<typeof CREDIT_DECISION_COLUMNS>
  constructor(rows: number) {
    this.#table = new TableBuilder(CREDIT_DECISION_COLUMNS, rows)
  }
  /** Records the decision for row `i`. */
  set(i: number, d: CreditDecision): void {
    const c = this.#table.columns
    c.applicantId[i] = d.applicantId
    c.approved[i] = d.approved ? 1 : 0
    c.score[i] = d.score
    c.apr[i] = d.apr ?? Number.NaN
    const reasons = d.reasons ?? []
    if (reasons.length > MAX_REASONS) throw new RangeError(`at most ${MAX_REASONS} reasons per decision, got ${reasons.length}`)
    c.reason1[i] = reasons[0] === undefined ? 0 : reasonNumber(reasons[0])
    c.reason2[i] = reasons[1] === undefined ? 0 : reasonNumber(reasons[1])
    c.reason3[i] = reasons[2] === undefined ? 0 : reasonNumber(reasons[2])
    c.reason4[i] = reasons[3] === undefined ? 0 : reasonNumber(reasons[3])
  }
  /** The finished output. */
  build(model?: CreditDecisions['model']): CreditDecisions {
    return model === undefined
      ? { kind: 'credit-decisions', decisions: this.#table.build() }
      : { kind: 'credit-decisions', decisions: this.#table.build(), model }
  }
}

/** Starts a `credit-decisions` output of `rows` decisions. */
export function creditDecisions(rows: number): CreditDecisionsBuilder {
  return new CreditDecisionsBuilder(rows)
}
