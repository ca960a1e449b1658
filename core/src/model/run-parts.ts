/**
 * Parts of a run that the worker returns and the run record keeps: what the scenario logged, the
 * columns it read, and why the run failed.
 */
import type { LogLine } from '@bund/sdk/runtime'
import { z } from 'zod'

/** One captured log line (the SDK runtime's `LogLine`). */
export const logLineSchema: z.ZodType<LogLine> = z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string() })

/** Per dataset, the columns the scenario read (the runtime's read-set). */
export const readSetSchema = z.record(z.string(), z.array(z.string()))

/** A failure as plain data: a Bund error code, its message and details. */
export const runErrorSchema = z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() })

export type RunError = z.infer<typeof runErrorSchema>
