/**
 * /api/v1/author-keys/{org}: an author org's ed25519 public key. Once an operator registers it, that
 * org's uploads must be signed with the matching private key (bund sign). Anyone may read it.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BundError } from '../../kernel/index.js'
import { slugSchema } from '../../model/index.js'
import { parsePublicKey } from '../../manifest/signature.js'
import { allow } from '../middleware/auth/index.js'
import { bearer, problems } from '../openapi.js'
import { actorOf } from '../principal.js'
import { router } from './router.js'

export const OrgParam = z.object({ org: slugSchema.meta({ param: { name: 'org', in: 'path' }, example: 'acme' }) })
const AuthorKeySchema = z.object({ org: z.string(), publicKey: z.string(), registeredAt: z.string() }).openapi('AuthorKey')

const get = createRoute({
  method: 'get',
  path: '/author-keys/{org}',
  tags: ['author keys'],
  summary: "An org's registered signing key",
  request: { params: OrgParam },
  responses: { 200: { description: 'The key', content: { 'application/json': { schema: AuthorKeySchema } } }, ...problems(400, 401, 404) },
})

const put = createRoute({
  method: 'put',
  path: '/author-keys/{org}',
  tags: ['author keys'],
  summary: "Register (or replace) an org's signing key (operator)",
  security: bearer,
  middleware: [allow('operator')] as const,
  request: { params: OrgParam, body: { required: true, content: { 'application/json': { schema: z.object({ publicKey: z.string().min(1).max(10_000) }).strict() } } } },
  responses: { 200: { description: 'The registered key', content: { 'application/json': { schema: AuthorKeySchema } } }, ...problems(400, 401, 403, 422) },
})

export const authorKeyRoutes = router()
  .openapi(get, async (c) => {
    const { org } = c.req.valid('param')
    const key = await c.get('deps').store.getAuthorKey(org)
    if (key === undefined) throw new BundError('NOT_FOUND', `no key registered for ${org}`)
    return c.json(key, 200)
  })
  .openapi(put, async (c) => {
    const { org } = c.req.valid('param')
    const { publicKey } = c.req.valid('json')
    parsePublicKey(publicKey, `the key for ${org}`)
    const record = { org, publicKey, registeredAt: new Date().toISOString() }
    await c.get('deps').store.putAuthorKey(record, actorOf(c.get('principal')))
    return c.json(record, 200)
  })
