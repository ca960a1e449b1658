/**
 * /api/v1/publications: what anyone may read. Published results with their verdicts and provenance,
 * the output artifact (content-addressed, immutable), the signature with the exact bytes it covers,
 * and the instance's public key to check it with. Operators may withdraw a publication; it stays,
 * marked.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { TypedResponse } from 'hono'
import { BundError, keyIdOf as keyIdOfPem } from '../../kernel/index.js'
import { scenarioIdSchema, versionSchema } from '../../model/index.js'
import { signedBytes } from '../../store/signing.js'
import type { Publication } from '../../model/index.js'
import { allow } from '../middleware/auth/index.js'
import { validationHook } from '../middleware/problem/index.js'
import { completeResponse } from '../middleware/request-frame/index.js'
import { bearer, problems } from '../openapi.js'
import { actorOf } from '../principal.js'
import { IdParam, PageQuerySchema, PublicationSchema, pageOf } from '../schemas.js'
import { publicationJson } from './publication-json.js'
import { boundedPage } from '../page.js'
import { router } from './router.js'

export const PUB_ID = /^pub_[0-9a-f]{32}$/
const idParam = IdParam('publication', 'pub_0123456789abcdef0123456789abcdef', PUB_ID)

const ListQuery = PageQuerySchema.extend({
  scenario: scenarioIdSchema.optional().openapi({ param: { name: 'scenario', in: 'query' }, example: 'bund/credit-scoring' }),
  version: versionSchema.optional().openapi({ param: { name: 'version', in: 'query' } }),
  includeWithdrawn: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ param: { name: 'includeWithdrawn', in: 'query' }, description: 'Also list withdrawn publications (marked)' }),
})

const SignatureSchema = z
  .object({
    publicationId: z.string(),
    algorithm: z.literal('ed25519'),
    keyId: z.string(),
    signature: z.string().openapi({ description: 'base64' }),
    signedPayload: z.string().openapi({ description: 'The canonical JSON (RFC 8785) the signature covers: the publication without `signature` and `withdrawn`' }),
  })
  .openapi('PublicationSignature')

export const PublicKeySchema = z
  .object({ algorithm: z.literal('ed25519'), keyId: z.string(), publicKey: z.string().openapi({ description: 'PEM (SPKI)' }) })
  .openapi('PublicKey')

const list = createRoute({
  method: 'get',
  path: '/publications',
  tags: ['publications'],
  summary: 'Published results, newest first',
  request: { query: ListQuery },
  responses: { 200: { description: 'A page of publications', content: { 'application/json': { schema: pageOf(PublicationSchema, 'PublicationPage') } } }, ...problems(400, 401) },
})

const get = createRoute({
  method: 'get',
  path: '/publications/{id}',
  tags: ['publications'],
  summary: 'One publication',
  request: { params: idParam },
  responses: { 200: { description: 'The publication', content: { 'application/json': { schema: PublicationSchema } } }, ...problems(400, 401, 404) },
})

const artifact = createRoute({
  method: 'get',
  path: '/publications/{id}/artifact',
  tags: ['publications'],
  summary: "The publication's full output (canonical JSON; its sha256 is the publication's outputHash)",
  request: { params: idParam },
  responses: { 200: { description: 'The output bytes', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } }, ...problems(400, 401, 404) },
})

const signature = createRoute({
  method: 'get',
  path: '/publications/{id}/signature',
  tags: ['publications'],
  summary: "The publication's signature and the bytes it covers",
  request: { params: idParam },
  responses: { 200: { description: 'The signature', content: { 'application/json': { schema: SignatureSchema } } }, ...problems(400, 401, 404) },
})

const withdraw = createRoute({
  method: 'post',
  path: '/publications/{id}/withdraw',
  tags: ['publications'],
  summary: 'Withdraw a publication (operator); it stays, marked withdrawn',
  security: bearer,
  middleware: [allow('operator')] as const,
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(2000) }).strict() } } } },
  responses: { 200: { description: 'The withdrawn publication', content: { 'application/json': { schema: PublicationSchema } } }, ...problems(400, 401, 403, 404) },
})

const publicKey = createRoute({
  method: 'get',
  path: '/public-key',
  tags: ['publications'],
  summary: "The instance's ed25519 public key, which signs every publication",
  responses: { 200: { description: 'The key', content: { 'application/json': { schema: PublicKeySchema } } } },
})

const PublicKeyListSchema = z
  .object({
    items: z.array(
      z.object({ algorithm: z.literal('ed25519'), keyId: z.string(), publicKey: z.string().openapi({ description: 'PEM (SPKI)' }), current: z.boolean() }).openapi('PublicKeyEntry'),
    ),
  })
  .openapi('PublicKeyList')

const publicKeys = createRoute({
  method: 'get',
  path: '/public-keys',
  tags: ['publications'],
  summary: 'Every public key the instance has signed with (key history); a publication names its key by `keyId`',
  responses: { 200: { description: 'The keys, the current one marked', content: { 'application/json': { schema: PublicKeyListSchema } } } },
})

async function find(c: { get(key: 'deps'): { store: { getPublication(id: string): Promise<Publication | undefined> } } }, id: string): Promise<Publication> {
  const p = await c.get('deps').store.getPublication(id)
  if (p === undefined) throw new BundError('NOT_FOUND', `no publication ${id}`)
  return p
}

const JSON_TYPE = { 'content-type': 'application/json' }

/** The key id of the last key served: parsing the PEM on every request would dominate the route. */
let cachedKey: { pem: string; keyId: string } | undefined

const routes = router()
// Documented like the others, but answered by a plain route that checks the id itself: the same
// schema and the same VALIDATION_FAILED answer, without zod-openapi's async validator step, on the
// route every reader of a publication calls.
routes.openAPIRegistry.registerPath(get)

export const publicationRoutes = routes
  .openapi(list, async (c) => {
    const { store } = c.get('deps')
    const { offset, limit, scenario, version, includeWithdrawn } = c.req.valid('query')
    const page = await store.listPublications({ ...(scenario ? { scenario } : {}), ...(version ? { version } : {}), includeWithdrawn, offset, limit })
    return c.json(boundedPage(page), 200)
  })
  .openapi(artifact, async (c) => {
    const p = await find(c, c.req.valid('param').id)
    const bytes = c.get('deps').store.artifacts.get(p.outputHash)
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/json',
      etag: `"${p.outputHash}"`,
      'content-digest': `sha-256=:${Buffer.from(p.outputHash, 'hex').toString('base64')}:`,
      'cache-control': 'public, max-age=31536000, immutable',
    }) as never
  })
  .openapi(signature, async (c) => {
    const p = await find(c, c.req.valid('param').id)
    return c.json({ publicationId: p.id, algorithm: 'ed25519' as const, keyId: p.keyId, signature: p.signature, signedPayload: signedBytes(p) }, 200)
  })
  .openapi(withdraw, async (c) => {
    const { id } = c.req.valid('param')
    await find(c, id)
    const withdrawn = await c.get('deps').store.withdrawPublication(id, actorOf(c.get('principal')), c.req.valid('json').reason)
    return c.json(withdrawn, 200)
  })
  .openapi(publicKey, async (c) => {
    const { store } = c.get('deps')
    const pem = await store.publicKey()
    if (cachedKey?.pem !== pem) cachedKey = { pem, keyId: keyIdOfPem(pem) }
    return c.json({ algorithm: 'ed25519' as const, keyId: cachedKey.keyId, publicKey: pem }, 200)
  })
  .openapi(publicKeys, async (c) => {
    const items = (await c.get('deps').store.publicKeys()).map((k) => ({ algorithm: 'ed25519' as const, ...k }))
    return c.json({ items }, 200)
  })
  .get('/publications/:id', async (c) => {
    const param = idParam.safeParse({ id: c.req.param('id') })
    if (!param.success) return validationHook({ target: 'param', success: false, error: param.error }, c) as never
    // Typed as the JSON it holds, for hono's typed client.
    return completeResponse(c, publicationJson(await find(c, param.data.id)), 200, JSON_TYPE) as unknown as TypedResponse<z.output<typeof PublicationSchema>, 200, 'json'>
  })
