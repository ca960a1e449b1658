/** The host's validation of the `credit-decisions` result kind. */
import { z } from 'zod'
import { MAX_REASONS, REASON_CODES } from '../reason-codes.js'
import { CREDIT_DECISION_COLUMNS } from '../results/credit-decisions.js'
import { tableSchema } from './table.js'

/** Describes the model that made the decisions. */
export const modelCardSchema = z.object({
  name: z.string().min(1).max(200),
  method: z.string().max(2000).optional(),
  features: z.array(z.string().max(100)).max(200),
  intendedUse: z.string().max(2000).optional(),
  limitations: z.string().max(2000).optional(),
})

/** The host's validation of a `credit-decisions` output. */
export const creditDecisionsSchema = z
  .object({
    kind: z.literal('credit-decisions'),
    decisions: tableSchema(CREDIT_DECISION_COLUMNS),
    model: modelCardSchema.optional(),
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

