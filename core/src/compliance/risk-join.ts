import type { RiskScores } from '@bund/sdk'
import type { GeneratedDataset } from '../data/index.js'
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { sortScores } from './sort-scores.js'
import { datasetOf, idIndexOf, numeric } from './tables.js'
import { say } from './verdict-text.js'

/** Risk scores matched to the hidden labels of the rows they score. */
export interface JoinedScores {
  dataset: GeneratedDataset
  /** Score per evaluated row, in row order. */
  score: Float64Array
  /** Hidden label per evaluated row: 1 = defaulted. */
  label: Uint8Array
  /** Scores of defaulted rows, ascending. */
  positives: Float64Array
  /** Scores of rows that did not default, ascending. */
  negatives: Float64Array
  /** Training-partition scores as given. */
  training: Float64Array
}

const joins = new WeakMap<object, { datasets: CheckInput['datasets']; label: string; joined: JoinedScores }>()

/**
 * Joins a risk-scores output to the labels the host kept back. Blind evaluation is only meaningful
 * on every row: a score missing, repeated or naming an unknown id makes the metrics not evaluable.
 */
export function joinScores(input: CheckInput, labelName = 'defaulted'): JoinedScores {
  const output = input.output as RiskScores
  const cached = joins.get(output)
  if (cached !== undefined && cached.datasets === input.datasets && cached.label === labelName) return cached.joined
  const dataset = datasetOf(input, ['credit-applicants', 'sme-loans'])
  const evaluation = dataset.evaluation
  const labels = numeric(evaluation, labelName, 'u8', 'the hidden labels')
  const index = idIndexOf(evaluation, 'the evaluation partition')
  const ids = numeric(output.scores, 'id', 'u32', 'the scores')
  const given = numeric(output.scores, 'score', 'f64', 'the scores')
  const score = new Float64Array(evaluation.rows).fill(Number.NaN)
  let positives = 0
  for (let i = 0; i < ids.length; i++) {
    const r = index.row(ids[i]!)
    if (r < 0) throw new NotEvaluable(say('scoreUnknownId', { score: i, id: String(ids[i]) }))
    if (!Number.isNaN(score[r]!)) throw new NotEvaluable(say('idScoredTwice', { id: String(ids[i]) }))
    score[r] = given[i]!
    positives += labels[r]!
  }
  if (ids.length !== evaluation.rows) throw new NotEvaluable(say('scoresCoverage', { scored: ids.length, rows: evaluation.rows }))
  const pos = new Float64Array(positives)
  const neg = new Float64Array(evaluation.rows - positives)
  let p = 0
  let n = 0
  for (let r = 0; r < score.length; r++) {
    if (labels[r] === 1) pos[p++] = score[r]!
    else neg[n++] = score[r]!
  }
  sortScores(pos)
  sortScores(neg)
  const joined = { dataset, score, label: labels, positives: pos, negatives: neg, training: numeric(output.trainingScores, 'score', 'f64', 'the training scores') }
  joins.set(output, { datasets: input.datasets, label: labelName, joined })
  return joined
}

/** Both classes must be present for a ranking metric. */
export function requireBothClasses(j: JoinedScores): void {
  if (j.positives.length === 0 || j.negatives.length === 0) {
    throw new NotEvaluable(say('needBothClasses', { defaults: j.positives.length, nonDefaults: j.negatives.length }))
  }
}
