import type { ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { BundError, codeOfStatus, statusOfCode } from '../../../kernel/index.js'
import type { AppEnv } from '../../env.js'
import { problem } from './problem.js'

/**
 * The app's error handler: a BundError keeps its code, hono's own refusals (malformed JSON, a body
 * over the limit) get the code of their status, anything else is a 500 that is logged with its stack
 * and answered without it.
 */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof BundError) {
    const status = statusOfCode(err.code)
    if (status >= 500 && err.code !== 'SERVER_BUSY') logError(c, err)
    const extra: Record<string, unknown> = {}
    const headers: Record<string, string> = {}
    if (err.code === 'QUEUE_FULL' || err.code === 'RATE_LIMITED' || err.code === 'SERVER_BUSY') {
      const retry = Number(err.details?.['retryAfterSeconds'] ?? 1)
      headers['retry-after'] = String(retry)
      extra['retryAfterSeconds'] = retry
    }
    if (err.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer realm="bund"'
    return problem(c, err.code, err.message, extra, status, headers)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    if (status >= 500) logError(c, err)
    return problem(c, codeOfStatus(status), err.message || 'the request was refused', {}, status)
  }
  logError(c, err)
  return problem(c, 'INTERNAL', 'internal error', {}, 500)
}

function logError(c: Parameters<ErrorHandler<AppEnv>>[1], err: unknown): void {
  const deps = c.get('deps')
  deps?.logger.error({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, err }, 'request failed')
}
