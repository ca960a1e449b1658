/**
 * /api/v1/tokens (operator): issue a token (shown once; only its hash is kept), list them (never
 * the hashes), revoke one.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BundError } from '../../kernel/index.js'
import { slugSchema } from '../../model/index.js'
import { allow } from '../middleware/auth/index.js'
import { bearer, problems } from '../openapi.js'
import { actorOf } from '../principal.js'
import { TokenSchema } from '../schemas.js'
import { issueToken, publicTokenView } from '../tokens.js'
import { router } from './router.js'

const IssueSchema = z
  .object({
    role: z.enum(['operator', 'author']),
    org: slugSchema.optional(),
    label: z.string().max(200).optional(),
  })
  .strict()
  .refine((t) => (t.role === 'author') === (t.org !== undefined), { message: 'an author token needs an org; an operator token has none', path: ['org'] })
  .openapi('TokenRequest')

const issue = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['tokens'],
  summary: 'Issue a token (operator); the token is in this answer only',
  security: bearer,
  middleware: [allow('operator')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: IssueSchema } } } },
  responses: {
    201: { description: 'The new token', content: { 'application/json': { schema: TokenSchema.extend({ token: z.string() }).openapi('IssuedToken') } } },
    ...problems(400, 401, 403),
  },
})

const list = createRoute({
  method: 'get',
  path: '/tokens',
  tags: ['tokens'],
  summary: 'Issued tokens, without their secrets (operator)',
  security: bearer,
  middleware: [allow('operator')] as const,
  responses: { 200: { description: 'The tokens', content: { 'application/json': { schema: z.object({ items: z.array(TokenSchema) }) } } }, ...problems(401, 403) },
})

const revoke = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  tags: ['tokens'],
  summary: 'Revoke a token (operator)',
  security: bearer,
  middleware: [allow('operator')] as const,
  request: { params: z.object({ id: z.string().regex(/^tok_[0-9a-f]{1,64}$/).openapi({ param: { name: 'id', in: 'path' }, example: 'tok_0123456789ab' }) }) },
  responses: { 200: { description: 'The revoked token', content: { 'application/json': { schema: TokenSchema } } }, ...problems(400, 401, 403, 404) },
})

export const tokenRoutes = router()
  .openapi(issue, async (c) => {
    const body = c.req.valid('json')
    const { token, record } = await issueToken(c.get('deps').store, body, actorOf(c.get('principal')))
    return c.json({ ...publicTokenView(record), token }, 201)
  })
  .openapi(list, async (c) => c.json({ items: (await c.get('deps').store.listTokens()).map(publicTokenView) }, 200))
  .openapi(revoke, async (c) => {
    const { store } = c.get('deps')
    const { id } = c.req.valid('param')
    const existing = (await store.listTokens()).find((t) => t.id === id)
    if (existing === undefined) throw new BundError('NOT_FOUND', `no token ${id}`)
    return c.json(publicTokenView(await store.revokeToken(id, actorOf(c.get('principal')))), 200)
  })
