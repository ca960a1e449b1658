/**
 * The transparency log, for anyone: the signed checkpoint (a C2SP signed note), inclusion proofs of a
 * publication's audit entries, and consistency proofs between two tree sizes. Proofs are computed on
 * request from the stored subtree hashes (O(log n) reads), so a client needs nothing but these
 * answers and the public key; see core/src/store/README.md for why proof endpoints and not tiles.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BundError } from '../../kernel/index.js'
import { consistencyProof, withStoredHashes } from '../../tlog/tree.js'
import { ConsistencyResponseSchema, InclusionResponseSchema, publicationInclusion, signedCheckpoint } from '../../store/transparency-log.js'
import { problems } from '../openapi.js'
import { IdParam } from '../schemas.js'
import { PUB_ID } from './publications.js'
import { router } from './router.js'

const size = (name: string, description: string) =>
  z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name, in: 'query' }, description })

const checkpoint = createRoute({
  method: 'get',
  path: '/log/checkpoint',
  tags: ['transparency log'],
  summary: "The log's latest checkpoint: origin, tree size and root hash, signed with the instance key as a C2SP signed note",
  responses: { 200: { description: 'The signed note', content: { 'text/plain': { schema: z.string() } } } },
})

const inclusion = createRoute({
  method: 'get',
  path: '/publications/{id}/inclusion',
  tags: ['transparency log'],
  summary: "Inclusion proofs of the publication's audit entries (published, released, withdrawn) in the tree of `size` leaves",
  request: { params: IdParam('publication', 'pub_0123456789abcdef0123456789abcdef', PUB_ID), query: z.object({ size: size('size', 'The tree size of the checkpoint you hold (default: the current size)').optional() }) },
  responses: { 200: { description: 'The proofs', content: { 'application/json': { schema: InclusionResponseSchema } } }, ...problems(400, 401, 404) },
})

const consistency = createRoute({
  method: 'get',
  path: '/log/consistency',
  tags: ['transparency log'],
  summary: 'A consistency proof: the tree of `from` leaves is a prefix of the tree of `to` leaves',
  request: { query: z.object({ from: size('from', 'The older tree size'), to: size('to', 'The newer tree size') }) },
  responses: { 200: { description: 'The proof', content: { 'application/json': { schema: ConsistencyResponseSchema } } }, ...problems(400, 401) },
})

/** A tree size the log has reached, or VALIDATION_FAILED naming the parameter. */
function reached(current: number, value: number, name: string): number {
  if (value > current) throw new BundError('VALIDATION_FAILED', `query.${name}: the log has ${current} entries, not ${value}`)
  return value
}

export const logRoutes = router()
  .openapi(checkpoint, async (c) => c.text((await signedCheckpoint(c.get('deps').store)).note, 200, { 'content-type': 'text/plain; charset=utf-8' }))
  .openapi(inclusion, async (c) => {
    const { store } = c.get('deps')
    const { id } = c.req.valid('param')
    const p = await store.getPublication(id)
    if (p === undefined) throw new BundError('NOT_FOUND', `no publication ${id}`)
    const current = (await store.logHashes()).size
    const at = reached(current, c.req.valid('query').size ?? current, 'size')
    return c.json({ publicationId: id, size: at, entries: await publicationInclusion(store, p, at) }, 200)
  })
  .openapi(consistency, async (c) => {
    const { store } = c.get('deps')
    const { from, to } = c.req.valid('query')
    const tree = await store.logHashes()
    reached(tree.size, to, 'to')
    if (from > to) throw new BundError('VALIDATION_FAILED', `query.from: ${from} is past query.to ${to}`)
    const proof = await withStoredHashes(tree, (t) => consistencyProof(t, from, to))
    return c.json({ from, to, proof: proof.map((h) => h.toString('base64')) }, 200)
  })
