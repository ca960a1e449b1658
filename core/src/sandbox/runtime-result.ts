/**
 * What comes back from the isolate is the scenario's to shape (it can tamper with the runtime it
 * shares a heap with), so the host validates the runtime's envelope and caps its log again.
 */
import type { LogLine, RuntimeResult } from '@bund/sdk/runtime'
import { z } from 'zod'

const logLine = z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string() })
/** The read-set, bounded: column and dataset names come from the host's tables, so a few hundred suffice. */
const reads = z.record(z.string().max(200), z.array(z.string().max(200)).max(500)).refine((r) => Object.keys(r).length <= 100, 'too many datasets').optional()

const envelope = z.union([
  z.object({ ok: z.literal(true), output: z.unknown(), logs: z.array(logLine), logsTruncated: z.boolean(), reads }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(['SCENARIO_THREW', 'PARAMS_INVALID', 'SCENARIO_INVALID', 'OUTPUT_INVALID', 'OUTPUT_TOO_LARGE']),
      message: z.string().max(10_000),
      stack: z.string().max(20_000).optional(),
    }),
    logs: z.array(logLine),
    logsTruncated: z.boolean(),
    reads,
  }),
])

/** The runtime's result, or undefined when it is not the shape the runtime produces. */
export function parseRuntimeResult(value: unknown, logBytes: number): RuntimeResult | undefined {
  const parsed = envelope.safeParse(value)
  if (!parsed.success) return undefined
  const result = parsed.data as RuntimeResult
  const { logs, truncated } = capLogs(result.logs, logBytes)
  return { ...result, logs, logsTruncated: result.logsTruncated || truncated }
}

/** Keeps the first lines that fit in `limit` bytes (counted as the runtime counts them). */
export function capLogs(lines: LogLine[], limit: number): { logs: LogLine[]; truncated: boolean } {
  let bytes = 0
  for (let i = 0; i < lines.length; i++) {
    bytes += (lines[i] as LogLine).message.length + 8
    if (bytes > limit) return { logs: lines.slice(0, i), truncated: true }
  }
  return { logs: lines, truncated: false }
}
