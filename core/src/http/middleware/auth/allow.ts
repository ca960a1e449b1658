import { createMiddleware } from 'hono/factory'
import { BundError } from '../../../kernel/index.js'
import type { AppEnv } from '../../env.js'
import type { Role } from '../../principal.js'

/**
 * Route guard: only these roles may call the route. The public gets 401 (a token would help), a
 * token of another role 403. Org scoping happens in the handlers, which know the resource.
 */
export const allow = (...roles: Exclude<Role, 'public'>[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('principal')
    if (principal.role === 'public') throw new BundError('UNAUTHORIZED', `this route needs a bearer token (${roles.join(' or ')})`)
    if (!roles.includes(principal.role)) throw new BundError('FORBIDDEN', `this route is for ${roles.join(' or ')} tokens; yours is an ${principal.role} token`)
    await next()
  })
