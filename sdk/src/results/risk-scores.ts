/**
 * Result kind `risk-scores`: a probability of default for every applicant of the evaluation
 * partition, the same model's scores on the training partition (so the host can measure drift
 * with PSI), and a model card. The host evaluates the scores blind, on labels it kept back.
 */
import { TableBuilder } from '../builders.js'
import type { TableData } from '../table.js'
import type { PublishedAggregate } from './aggregates.js'
import type { ModelCard } from './credit-decisions.js'

/** The columns of the `scores` and `trainingScores` tables: the scored row's id and its score. */
export const RISK_SCORE_COLUMNS = { id: 'u32', score: 'f64' } as const

/** What a `risk-scores` scenario returns. */
export interface RiskScores {
  kind: 'risk-scores'
  /** One row per evaluated id: `score` is the estimated probability of default, in [0, 1]. */
  scores: TableData
  /** The same model's scores for the training rows, the reference distribution for PSI. */
  trainingScores: TableData
  /** What the model uses, what it is for and where it falls short. */
  model: ModelCard
  /** Aggregates published with the result (see PublishedAggregate). */
  aggregates?: PublishedAggregate[]
}

/** Fills a table of (id, score) pairs. */
export class ScoreTableBuilder {
  readonly #table: TableBuilder<typeof RISK_SCORE_COLUMNS>
  constructor(rows: number) {
    this.#table = new TableBuilder(RISK_SCORE_COLUMNS, rows)
  }
  /** Records the score of row `i`. */
  set(i: number, id: number, score: number): this {
    this.#table.columns.id[i] = id
    this.#table.columns.score[i] = score
    return this
  }
  /** The finished (id, score) table. */
  build(): TableData {
    return this.#table.build()
  }
}

/** Builds a `risk-scores` output: `scores.set(i, id, p)`, `training.set(i, id, p)`, then `build(card)`. */
export class RiskScoresBuilder {
  readonly scores: ScoreTableBuilder
  readonly training: ScoreTableBuilder
  constructor(rows: number, trainingRows: number) {
    this.scores = new ScoreTableBuilder(rows)
    this.training = new ScoreTableBuilder(trainingRows)
  }
  /** The finished output, with the model card (required for this kind). */
  build(model: ModelCard): RiskScores {
    return { kind: 'risk-scores', scores: this.scores.build(), trainingScores: this.training.build(), model }
  }
}

/** Starts a `risk-scores` output for `rows` evaluated ids and `trainingRows` training ids. */
export function riskScores(rows: number, trainingRows: number): RiskScoresBuilder {
  return new RiskScoresBuilder(rows, trainingRows)
}
