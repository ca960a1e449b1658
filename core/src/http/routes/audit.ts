/** /api/v1/audit (operator): the hash-chained log of every state change, and its verification. */
import { createRoute, z } from '@hono/zod-openapi'
import { allow } from '../middleware/auth/index.js'
import { bearer, problems } from '../openapi.js'
import { AuditEntrySchema, AuditVerificationSchema, PageQuerySchema } from '../schemas.js'
import { router } from './router.js'

const list = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  summary: 'Audit entries in chain order (operator)',
  security: bearer,
  middleware: [allow('operator')] as const,
  request: { query: PageQuerySchema },
  responses: {
    200: { description: 'A page of entries', content: { 'application/json': { schema: z.object({ items: z.array(AuditEntrySchema), offset: z.number().int(), limit: z.number().int() }).openapi('AuditPage') } } },
    ...problems(400, 401, 403),
  },
})

const verify = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['audit'],
  summary: 'Recompute the chain; names the first broken entry (operator)',
  security: bearer,
  middleware: [allow('operator')] as const,
  responses: { 200: { description: 'The verification', content: { 'application/json': { schema: AuditVerificationSchema } } }, ...problems(401, 403) },
})

export const auditRoutes = router()
  .openapi(list, async (c) => {
    const { offset, limit } = c.req.valid('query')
    const page = await c.get('deps').store.listAudit({ offset, limit })
    return c.json({ items: page.items, offset: page.offset, limit: page.limit }, 200)
  })
  .openapi(verify, async (c) => c.json(await c.get('deps').store.verifyAudit(), 200))
