import type { NotFoundHandler } from 'hono'
import type { AppEnv } from '../../env.js'
import { problem } from './problem.js'

/** Unknown paths (and methods a path does not have) answer a NOT_FOUND problem. */
export const notFound: NotFoundHandler<AppEnv> = (c) => problem(c, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}; the API is described at /openapi.json`)
