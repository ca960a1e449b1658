/**
 * The frame around every request. Before: the request id, the server's parts and the public
 * principal (bearer auth, next in line, may replace it). After: the request id and security headers
 * on the response, the request counted in the metrics, and one access-log line.
 *
 * One middleware rather than one per part: each hono middleware step is an async hop of its own,
 * and these run on every request, the cheapest included.
 */
import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../../env.js'
import { logRequest } from './access-log.js'
import { completeHeaders, requestIdOf } from './response-headers.js'
import { countRequest } from './route-metrics.js'

export const requestFrame = (deps: AppDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    const requestId = requestIdOf(c)
    c.set('requestId', requestId)
    c.set('deps', deps)
    c.set('principal', { role: 'public' })
    await next()
    completeHeaders(c, requestId)
    // The server's own warm-up renders before it listens (an in-process marker no client can send): not a client's request.
    if ((c.env as { warmUp?: boolean } | undefined)?.warmUp === true) return
    const ms = performance.now() - started
    countRequest(c, ms / 1000)
    logRequest(c, ms)
  })
