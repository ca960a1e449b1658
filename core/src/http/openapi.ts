/** The OpenAPI document's frame: its info, the bearer scheme, and the problem responses routes share. */
import type { OpenAPIHono } from '@hono/zod-openapi'
import { RUNTIME_VERSION } from '../runner/version.js'
import type { AppEnv } from './env.js'
import { PROBLEM_CONTENT_TYPE } from './middleware/problem/index.js'
import { ProblemSchema } from './schemas.js'

const DESCRIPTIONS = {
  400: 'The request does not match the schema (VALIDATION_FAILED names the fields)',
  401: 'No valid bearer token (UNAUTHORIZED)',
  403: "The token's role or org may not do this (FORBIDDEN)",
  404: 'No such resource (NOT_FOUND, SCENARIO_NOT_FOUND)',
  409: 'The version is already registered with another bundle (VERSION_CONFLICT)',
  413: 'The body is over the size limit (BODY_TOO_LARGE)',
  415: "The body's content type is not accepted (UNSUPPORTED_MEDIA_TYPE)",
  422: 'The content was understood but refused (MANIFEST_INVALID, BUNDLE_TAMPERED, SIGNATURE_INVALID, …)',
  429: 'The run queue is full; retry after the Retry-After header (QUEUE_FULL)',
} as const

type ProblemStatus = keyof typeof DESCRIPTIONS

/** Problem responses for a route's `responses`, e.g. `...problems(401, 403, 404)`. */
export function problems<S extends ProblemStatus>(...statuses: S[]): Record<S, { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof ProblemSchema } } }> {
  return Object.fromEntries(statuses.map((s) => [s, { description: DESCRIPTIONS[s], content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } }])) as never
}

/** The bearer scheme, named in routes as `security: bearer`. */
export const bearer = [{ bearer: [] }]

export function registerDocument(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `bund token create` or POST /api/v1/tokens. Operators see everything; authors their own org; without a token, published results only.',
  })
  // Generated once, at the first request (every route is registered by then) and kept: generating it
  // walks every route's zod schemas, tens of milliseconds of the event loop each time.
  app.get('/openapi.json', (c) => c.body(openApiDocument(app), 200, { 'content-type': 'application/json' }))
}

const documents = new WeakMap<object, string>()

/** The app's OpenAPI document as JSON, generated at the first call (call it once every route is registered) and kept. */
export function openApiDocument(app: OpenAPIHono<AppEnv>): string {
  let document = documents.get(app)
  if (document === undefined) documents.set(app, (document = JSON.stringify(app.getOpenAPI31Document(DOCUMENT))))
  return document
}

const DOCUMENT: Parameters<OpenAPIHono<AppEnv>['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: 'Bund API',
    version: RUNTIME_VERSION,
    description:
      'Regulatory-sandbox runtime: authors upload scenarios, operators run and review them, anyone reads what is published. Every error is application/problem+json (RFC 9457) with a stable `code` — also the refusals made before a route is reached: 429 RATE_LIMITED (connections or event streams over the cap, with Retry-After), 408 REQUEST_TIMEOUT, 431 HEADERS_TOO_LARGE, 400 REQUEST_MALFORMED, 413 BODY_TOO_LARGE; and 503 SERVER_BUSY (with Retry-After) when anonymous clients ask for more pages not yet rendered than the server renders at once.',
  },
  servers: [{ url: '/' }],
}
