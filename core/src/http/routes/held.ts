/**
 * /api/v1/held: runs a blocking check held back. Operators see all and may release one with a
 * reason (recorded in the audit chain, and on the publication); authors see their own org's.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BundError } from '../../kernel/index.js'
import { scenarioIdSchema } from '../../model/index.js'
import { allow } from '../middleware/auth/index.js'
import { bearer, problems } from '../openapi.js'
import { actorOf, privateScope } from '../principal.js'
import { IdParam, PageQuerySchema, PublicationSchema, RunRecordSchema, pageOf } from '../schemas.js'
import { boundedPage } from '../page.js'
import { router } from './router.js'

const list = createRoute({
  method: 'get',
  path: '/held',
  tags: ['held runs'],
  summary: 'Held runs with their failing verdicts (operator: all; author: its org)',
  security: bearer,
  middleware: [allow('operator', 'author')] as const,
  request: { query: PageQuerySchema.extend({ scenario: scenarioIdSchema.optional().openapi({ param: { name: 'scenario', in: 'query' } }) }) },
  responses: { 200: { description: 'A page of held runs', content: { 'application/json': { schema: pageOf(RunRecordSchema, 'HeldPage') } } }, ...problems(400, 401, 403) },
})

const release = createRoute({
  method: 'post',
  path: '/held/{id}/release',
  tags: ['held runs'],
  summary: 'Publish a held run anyway (operator); the reason is required and recorded',
  security: bearer,
  middleware: [allow('operator')] as const,
  request: {
    params: IdParam('run', 'run_00000000-0000-0000-0000-000000000000', /^run_[0-9a-f-]{36}$/),
    body: { required: true, content: { 'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(2000) }).strict().openapi('ReleaseRequest') } } },
  },
  responses: { 201: { description: 'The publication made from the run', content: { 'application/json': { schema: PublicationSchema } } }, ...problems(400, 401, 403, 404, 422) },
})

export const heldRoutes = router()
  .openapi(list, async (c) => {
    const { store } = c.get('deps')
    const principal = c.get('principal')
    const { offset, limit, scenario } = c.req.valid('query')
    const page = await store.listRuns({ status: 'held', ...(scenario ? { scenario } : {}), ...privateScope(principal), offset, limit })
    return c.json(boundedPage(page), 200)
  })
  .openapi(release, async (c) => {
    const { store } = c.get('deps')
    const { id } = c.req.valid('param')
    const run = await store.getRun(id)
    if (run === undefined) throw new BundError('NOT_FOUND', `no run ${id}`)
    if (run.status !== 'held') throw new BundError('VALIDATION_FAILED', `run ${id} is ${run.status}${run.release ? ' (already released)' : ''}; only held runs can be released`)
    const publication = await store.releaseRun(id, actorOf(c.get('principal')), c.req.valid('json').reason)
    return c.json(publication, 201)
  })
