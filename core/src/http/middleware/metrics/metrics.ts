import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import type { AppEnv } from '../../env.js'

/** Counts every request by the route pattern that answered it (not the raw path). */
export const requestMetrics = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    await next()
    c.get('deps').metrics.observeRequest(c.req.method, routeOf(c), c.res.status, (performance.now() - started) / 1000)
  })

function routeOf(c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0]): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!
    if (r.method !== 'ALL' && r.path !== '*' && !r.path.endsWith('/*')) return r.path
  }
  return 'unmatched'
}
