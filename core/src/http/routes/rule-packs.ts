/** /api/v1/rule-packs: the compliance rules this instance applies, readable by anyone. */
import { createRoute, z } from '@hono/zod-openapi'
import { BundError } from '../../kernel/index.js'
import { slugSchema } from '../../model/index.js'
import { problems } from '../openapi.js'
import { router } from './router.js'

const RuleSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    citation: z.string(),
    remedy: z.string(),
    appliesTo: z.object({ kind: z.string().optional(), category: z.string().optional() }),
    check: z.string(),
    params: z.record(z.string(), z.unknown()),
    severity: z.enum(['block', 'warn']),
  })
  .openapi('Rule')

const RulePackSchema = z
  .object({ id: z.string(), version: z.string(), title: z.string(), description: z.string().optional(), rules: z.array(RuleSchema) })
  .openapi('RulePack')

const SummarySchema = z
  .object({ id: z.string(), version: z.string(), title: z.string(), description: z.string().optional(), rules: z.number().int() })
  .openapi('RulePackSummary')

const list = createRoute({
  method: 'get',
  path: '/rule-packs',
  tags: ['rule packs'],
  summary: 'The loaded rule packs',
  responses: { 200: { description: 'The packs', content: { 'application/json': { schema: z.object({ items: z.array(SummarySchema) }) } } } },
})

const get = createRoute({
  method: 'get',
  path: '/rule-packs/{id}',
  tags: ['rule packs'],
  summary: 'One rule pack with its rules',
  request: { params: z.object({ id: slugSchema.meta({ param: { name: 'id', in: 'path' }, example: 'fair-lending' }) }) },
  responses: { 200: { description: 'The pack', content: { 'application/json': { schema: RulePackSchema } } }, ...problems(400, 401, 404) },
})

export const rulePackRoutes = router()
  .openapi(list, (c) =>
    c.json({ items: c.get('deps').rulePacks.map((p) => ({ id: p.id, version: p.version, title: p.title, ...(p.description ? { description: p.description } : {}), rules: p.rules.length })) }, 200),
  )
  .openapi(get, (c) => {
    const { id } = c.req.valid('param')
    const pack = c.get('deps').rulePacks.find((p) => p.id === id)
    if (pack === undefined) throw new BundError('NOT_FOUND', `no rule pack ${id}`)
    return c.json(pack, 200)
  })
