/** The host's validation of the `risk-scores` result kind. */
import { z } from 'zod'
import { RISK_SCORE_COLUMNS } from '../results/risk-scores.js'
import type { TableData } from '../table.js'
import { aggregatesSchema } from './aggregates.js'
import { wellFormedColumn } from './columns.js'
import { modelCardSchema } from './model-card.js'
import { tableSchema } from './table.js'

/** Scores must be probabilities: finite and within [0, 1]. */
function refineScores(table: TableData, path: string, ctx: z.RefinementCtx): void {
  const score = wellFormedColumn(table, 'score', 'f64')
  if (score === undefined) return
  for (let i = 0; i < score.length; i++) {
    const s = score[i]!
    if (!(s >= 0 && s <= 1)) {
      ctx.addIssue({ code: 'custom', path: [path, 'score', i], message: `a score is a probability in [0, 1], got ${s}` })
      return
    }
  }
}

/** The host's validation of a `risk-scores` output. */
export const riskScoresSchema = z
  .object({
    kind: z.literal('risk-scores'),
    scores: tableSchema(RISK_SCORE_COLUMNS),
    trainingScores: tableSchema(RISK_SCORE_COLUMNS),
    model: modelCardSchema,
    aggregates: aggregatesSchema,
  })
  .strict()
  .superRefine((out, ctx) => {
    refineScores(out.scores, 'scores', ctx)
    refineScores(out.trainingScores, 'trainingScores', ctx)
  })
