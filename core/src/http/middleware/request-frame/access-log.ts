import type { Context } from 'hono'
import type { AppEnv } from '../../env.js'

/** One structured log line per request: id, method, path, status, time, and the caller's role. */
export function logRequest(c: Context<AppEnv>, ms: number): void {
  const { logger } = c.get('deps')
  if (!logger.isLevelEnabled('info')) return
  const principal = c.get('principal')
  logger.info(
    {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(ms * 100) / 100,
      role: principal.role,
      ...(principal.role !== 'public' ? { tokenId: principal.tokenId } : {}),
    },
    'request',
  )
}
