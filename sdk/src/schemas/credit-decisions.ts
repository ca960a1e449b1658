/** The host's validation of the `credit-decisions` result kind. */
import { z } from 'zod'
import { MAX_REASONS, REASON_CODES } from '../reason-codes.js'
import { CREDIT_DECISION_COLUMNS } from '../results/credit-decisions.js'
import { aggregatesSchema } from './aggregates.js'
import { modelCardSchema } from './model-card.js'
import { tableSchema } from './table.js'

/** The host's validation of a `credit-decisions` output. */
export const creditDecisionsSchema = z
  .object({
    kind: z.literal('credit-decisions'),
    decisions: tableSchema(CREDIT_DECISION_COLUMNS),
    model: modelCardSchema.optional(),
    aggregates: aggregatesSchema,
  })
  .strict()
  .superRefine((out, ctx) => {
    const cols = out.decisions.columns
    const rows = out.decisions.rows
    // The table refinement has already reported malformed columns; only read well-formed ones.
    if (cols['approved']?.buffer.byteLength !== rows || cols['score']?.buffer.byteLength !== rows * 8) return
    const approved = new Uint8Array(cols['approved']!.buffer)
    const score = new Float64Array(cols['score']!.buffer)
    for (let i = 0; i < approved.length; i++) {
      if (approved[i]! > 1) {
        ctx.addIssue({ code: 'custom', path: ['decisions', 'approved', i], message: `approved must be 0 or 1, got ${approved[i]}` })
        return
      }
      if (!Number.isFinite(score[i])) {
        ctx.addIssue({ code: 'custom', path: ['decisions', 'score', i], message: `score must be a finite number, got ${score[i]}` })
        return
      }
    }
    for (let r = 1; r <= MAX_REASONS; r++) {
      const column = cols[`reason${r}`]
      if (column?.type !== 'u8' || column.buffer.byteLength !== rows) return
      const reasons = new Uint8Array(column.buffer)
      for (let i = 0; i < reasons.length; i++) {
        if (reasons[i]! > REASON_CODES.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['decisions', `reason${r}`, i],
            message: `unknown reason number ${reasons[i]} (1..${REASON_CODES.length})`,
          })
          return
        }
      }
    }
  })

