/**
 * The HTTP app: middleware (the request frame: request id, security headers, metrics and access
 * log; then body limits and bearer auth), the API route groups under /api/v1, the OpenAPI document and its docs page, and the
 * problem+json error layer. `AppType` is what hono's typed client `hc` needs.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import type { AppDeps, AppEnv } from './env.js'
import { BundError } from '../kernel/index.js'
import { bearerAuth } from './middleware/auth/index.js'
import { createDashboard } from './dashboard/index.js'
import { bodyLimit } from './middleware/body-limit/index.js'
import { notFound, onError, validationHook } from './middleware/problem/index.js'
import { requestFrame } from './middleware/request-frame/index.js'
import { registerDocument } from './openapi.js'
import { PublicResponses } from './public-responses.js'
import { attestationRoutes } from './routes/attestation.js'
import { auditRoutes } from './routes/audit.js'
import { authorKeyRoutes } from './routes/author-keys.js'
import { docsRoutes } from './routes/docs.js'
import { healthRoutes } from './routes/health.js'
import { heldRoutes } from './routes/held.js'
import { evidenceRoutes } from './routes/evidence.js'
import { orgRoutes } from './routes/orgs.js'
import { logRoutes } from './routes/log.js'
import { reproductionRoutes } from './routes/reproduction.js'
import { publicationRoutes } from './routes/publications.js'
import { rulePackRoutes } from './routes/rule-packs.js'
import { runRoutes } from './routes/runs.js'
import { scenarioRoutes } from './routes/scenarios.js'
import { tokenRoutes } from './routes/tokens.js'

export const API_PREFIX = '/api/v1'
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  const uploadLimit = bodyLimit(deps.limits.uploadBytes)
  const defaultLimit = bodyLimit(deps.limits.bodyBytes)
  const limits: MiddlewareHandler<AppEnv> = (c, next) =>
    (c.req.method === 'POST' && c.req.path === `${API_PREFIX}/scenarios` ? uploadLimit : defaultLimit)(c, next)

  app.use('*', requestFrame(deps))
  app.use('*', bearerAuth())
  // Anonymous GETs: answered from what was rendered for this store state, else one of a few render slots, else 503 SERVER_BUSY.
  app.use(
    '*',
    (deps.renders ??= new PublicResponses()).middleware<AppEnv>({
      anonymous: (c) => c.get('principal').role === 'public',
      storeState: async (c) => (await c.get('deps').store.logHashes()).size,
    }),
  )
  // Every API route that takes a body needs a token: an anonymous body is refused before a byte
  // of it is read (the body stays unread in the socket), not buffered first.
  app.on(BODY_METHODS, `${API_PREFIX}/*`, (c, next) => {
    if (c.get('principal').role === 'public') throw new BundError('UNAUTHORIZED', 'this route needs a bearer token')
    return next()
  })
  // Only methods that carry a body are capped (counted as it streams in), so GETs skip the step.
  app.on(BODY_METHODS, '*', limits)
  app.onError(onError)
  app.notFound(notFound)
  registerDocument(app)

  return app
    .route(API_PREFIX, scenarioRoutes)
    .route(API_PREFIX, runRoutes)
    .route(API_PREFIX, publicationRoutes)
    .route(API_PREFIX, logRoutes)
    .route(API_PREFIX, reproductionRoutes)
    .route(API_PREFIX, attestationRoutes)
    .route(API_PREFIX, evidenceRoutes)
    .route(API_PREFIX, heldRoutes)
    .route(API_PREFIX, rulePackRoutes)
    .route(API_PREFIX, auditRoutes)
    .route(API_PREFIX, tokenRoutes)
    .route(API_PREFIX, authorKeyRoutes)
    .route(API_PREFIX, orgRoutes)
    .route('/', healthRoutes)
    .route('/', docsRoutes)
    .route('/', createDashboard({ store: deps.store, queue: deps.queue, streams: deps.streams }))
}

/** The app's routes and their types, for `hc<AppType>(url)`. */
export type AppType = ReturnType<typeof createApp>
