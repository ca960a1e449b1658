/** GET /api/v1/publications/{id}/attestation: the publication as an in-toto Statement v1 in a DSSE envelope, signed with the instance key. */
import { createRoute } from '@hono/zod-openapi'
import { BundError, keyIdOf } from '../../kernel/index.js'
import { DsseEnvelopeSchema, attestationEnvelope } from '../../store/attestation.js'
import { problems } from '../openapi.js'
import { IdParam } from '../schemas.js'
import { PUB_ID } from './publications.js'
import { router } from './router.js'

const attestation = createRoute({
  method: 'get',
  path: '/publications/{id}/attestation',
  tags: ['publications'],
  summary: 'The publication as an in-toto Statement v1 (subject: the output artifact) in a DSSE envelope signed with the instance key',
  request: { params: IdParam('publication', 'pub_0123456789abcdef0123456789abcdef', PUB_ID) },
  responses: { 200: { description: 'The DSSE envelope', content: { 'application/json': { schema: DsseEnvelopeSchema } } }, ...problems(400, 401, 404) },
})

export const attestationRoutes = router().openapi(attestation, async (c) => {
  const { store } = c.get('deps')
  const { id } = c.req.valid('param')
  const p = await store.getPublication(id)
  if (p === undefined) throw new BundError('NOT_FOUND', `no publication ${id}`)
  return c.json(attestationEnvelope(p, keyIdOf(await store.publicKey()), (m) => store.sign(m)), 200)
})
