import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { AppEnv } from '../../env.js'

/** Counts a request by the route pattern that answered it (not the raw path, whose values are unbounded). */
export function countRequest(c: Context<AppEnv>, seconds: number): void {
  c.get('deps').metrics.observeRequest(c.req.method, routeOf(c), c.res.status, seconds)
}

function routeOf(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!
    if (r.method !== 'ALL' && r.path !== '*' && !r.path.endsWith('/*')) return r.path
  }
  return 'unmatched'
}
