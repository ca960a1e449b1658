import { z } from 'zod'

/** A half-open range [start, end) of row indices. */
const rowRange = z.tuple([z.number().int().min(0), z.number().int().min(1)]).refine(([start, end]) => start < end, { message: 'a row range [start, end) needs start < end' })

const name = z.string().min(1).max(100)

/**
 * How one value of an aggregate's cells is computed over each cell's rows, so the host can compute
 * it again: a column of the partition the aggregate counts, or a per-row field of the run's result
 * joined to those rows (`RESULT_MEASURE_FIELDS`).
 */
export const measureSchema = z.union([
  z.object({ stat: z.enum(['mean', 'sum']), column: name }).strict(),
  z.object({ stat: z.literal('share'), column: name, equals: z.union([z.string().max(200), z.number(), z.boolean()]) }).strict(),
  z.object({ stat: z.enum(['mean', 'sum']), result: name }).strict(),
])

/** A published aggregate: cells of counts (and figures) by group, and the rows each cell counts. */
export const publishedAggregateSchema = z
  .object({
    name: z.string().min(1).max(200),
    groupBy: z.array(z.string().min(1).max(100)).max(10),
    over: z.object({ dataset: z.string().min(1).max(100), partition: z.enum(['training', 'evaluation']) }).strict().optional(),
    measures: z.record(z.string().max(100), measureSchema).optional(),
    cells: z
      .array(
        z
          .object({
            group: z.array(z.string().max(200)),
            count: z.number().int().min(0),
            rows: z.array(rowRange).max(1_000_000).optional(),
            values: z.record(z.string().max(100), z.number()).optional(),
            reported: z.record(z.string().max(100), z.number()).optional(),
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
