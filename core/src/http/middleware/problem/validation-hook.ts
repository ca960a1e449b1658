import type { Context } from 'hono'
import type { ZodError } from 'zod'
import { problem } from './problem.js'

/**
 * zod-openapi's hook for every route: a request that fails its schema answers VALIDATION_FAILED,
 * naming each field at fault as `<where>.<path>` (body.seed, query.limit, param.id).
 */
export function validationHook(result: { target: string; success: boolean; error?: ZodError }, c: Context): Response | undefined {
  if (result.success || result.error === undefined) return undefined
  const where = result.target === 'json' || result.target === 'form' ? 'body' : result.target
  const errors = result.error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message }))
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ')
  return problem(c, 'VALIDATION_FAILED', detail, { errors })
}
