/**
 * /api/v1/orgs/{org}: an author org's display name, the name the registry and the dashboard show
 * for its scenarios. Only an operator sets it (validated: store/display-name.ts; recorded in the
 * audit log as `org.renamed`); authors cannot name themselves. Anyone may read it.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BundError } from '../../kernel/index.js'
import { DISPLAY_NAME_MAX, checkDisplayName } from '../../store/display-name.js'
import type { OrgRecord } from '../../model/index.js'
import { allow } from '../middleware/auth/index.js'
import { bearer, problems } from '../openapi.js'
import { actorOf } from '../principal.js'
import { OrgParam } from './author-keys.js'
import { router } from './router.js'

// Who set it stays in the audit log (operators only): a token id is nobody else's business.
const OrgSchema = z.object({ org: z.string(), displayName: z.string(), updatedAt: z.string() }).openapi('Org', { description: "An author org's display name, as an operator set it" })
const shown = ({ org, displayName, updatedAt }: OrgRecord) => ({ org, displayName, updatedAt })

const get = createRoute({
  method: 'get',
  path: '/orgs/{org}',
  tags: ['orgs'],
  summary: "An org's display name",
  request: { params: OrgParam },
  responses: { 200: { description: 'The org', content: { 'application/json': { schema: OrgSchema } } }, ...problems(400, 401, 404) },
})

const put = createRoute({
  method: 'put',
  path: '/orgs/{org}',
  tags: ['orgs'],
  summary: "Set an org's display name (operator)",
  description: `The registry and the dashboard show the org's scenarios under this name. 1 to ${DISPLAY_NAME_MAX} characters: letters of any script, digits, single spaces and . , & ' ’ ( ) - / + : — anything else is 400 DISPLAY_NAME_INVALID. Recorded in the audit log as \`org.renamed\`.`,
  security: bearer,
  middleware: [allow('operator')] as const,
  request: {
    params: OrgParam,
    body: { required: true, content: { 'application/json': { schema: z.object({ displayName: z.string().max(1000).openapi({ example: 'Acme Lending Ltd.' }) }).strict() } } },
  },
  responses: { 200: { description: 'The org with its new name', content: { 'application/json': { schema: OrgSchema } } }, ...problems(400, 401, 403) },
})

export const orgRoutes = router()
  .openapi(get, async (c) => {
    const { org } = c.req.valid('param')
    const record = await c.get('deps').store.getOrg(org)
    if (record === undefined) throw new BundError('NOT_FOUND', `no display name is set for ${org}`)
    return c.json(shown(record), 200)
  })
  .openapi(put, async (c) => {
    const { org } = c.req.valid('param')
    const displayName = checkDisplayName(c.req.valid('json').displayName)
    return c.json(shown(await c.get('deps').store.setOrgName(org, displayName, actorOf(c.get('principal')))), 200)
  })
