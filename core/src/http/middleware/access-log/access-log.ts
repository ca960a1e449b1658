import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../../env.js'

/** One structured log line per request: id, method, path, status, time, and the caller's role. */
export const accessLog = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    await next()
    const { logger } = c.get('deps')
    if (!logger.isLevelEnabled('info')) return
    const principal = c.get('principal')
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
        role: principal?.role ?? 'public',
        ...(principal !== undefined && principal.role !== 'public' ? { tokenId: principal.tokenId } : {}),
      },
      'request',
    )
  })
