import { z } from 'zod'

/** A published aggregate: cells of counts (and figures) by group. */
export const publishedAggregateSchema = z
  .object({
    name: z.string().min(1).max(200),
    groupBy: z.array(z.string().min(1).max(100)).max(10),
    cells: z
      .array(
        z
          .object({
            group: z.array(z.string().max(200)),
            count: z.number().int().min(0),
            values: z.record(z.string().max(100), z.number()).optional(),
          })
          .strict(),
      )
      .max(100_000),
  })
  .strict()
  .superRefine((a, ctx) => {
    a.cells.forEach((c, i) => {
      if (c.group.length !== a.groupBy.length) {
        ctx.addIssue({ code: 'custom', path: ['cells', i, 'group'], message: `a cell needs one value per groupBy dimension (${a.groupBy.length}), got ${c.group.length}` })
      }
    })
  })

/** The optional `aggregates` member every result kind may carry. */
export const aggregatesSchema = z.array(publishedAggregateSchema).max(100).optional()
