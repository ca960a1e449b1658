/** GET /api/v1/publications/{id}/evidence: everything needed to verify a publication offline, in one JSON document (store/evidence.ts). */
import { createRoute } from '@hono/zod-openapi'
import { BundError } from '../../kernel/index.js'
import { EvidenceSchema, evidenceOf } from '../../store/evidence.js'
import { problems } from '../openapi.js'
import { IdParam } from '../schemas.js'
import { PUB_ID } from './publications.js'
import { router } from './router.js'

const evidence = createRoute({
  method: 'get',
  path: '/publications/{id}/evidence',
  tags: ['transparency log'],
  summary: 'Offline evidence: the publication, the key history, a signed checkpoint with the inclusion proofs, and the attestation',
  description:
    'Save it and verify it later without the server: `bund verify evidence.json --artifact output.json` (the artifact from `artifacts.output.path`). The checkpoint is of the log as it is at the request.',
  request: { params: IdParam('publication', 'pub_0123456789abcdef0123456789abcdef', PUB_ID) },
  responses: { 200: { description: 'The evidence', content: { 'application/json': { schema: EvidenceSchema } } }, ...problems(400, 401, 404) },
})

export const evidenceRoutes = router().openapi(evidence, async (c) => {
  const { store } = c.get('deps')
  const { id } = c.req.valid('param')
  const p = await store.getPublication(id)
  if (p === undefined) throw new BundError('NOT_FOUND', `no publication ${id}`)
  return c.json(await evidenceOf(store, p), 200)
})
