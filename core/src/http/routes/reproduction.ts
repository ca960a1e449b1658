/**
 * What a reader needs to re-run a publication without the operator (`bund verify <url> --rerun`):
 * the bundle and the manifest the run used, the author's signature over them (when the upload had
 * one), and whether the author sealed the scenario. Both files are served by their sha256 — the URL
 * names the hash the publication (bundle) and the run (manifest) recorded, and the bytes are
 * immutable — unless the scenario is sealed: then only the hashes are public.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BundError } from '../../kernel/index.js'
import { parseManifest } from '../../manifest/load.js'
import type { Manifest, Publication } from '../../model/index.js'
import type { Store } from '../../store/store.js'
import { RerunInfoSchema } from '../../store/reproduction-info.js'
import { problems } from '../openapi.js'
import { IdParam } from '../schemas.js'
import { PUB_ID } from './publications.js'
import { router } from './router.js'

const idParam = IdParam('publication', 'pub_0123456789abcdef0123456789abcdef', PUB_ID)
const fileParams = idParam.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/).openapi({ param: { name: 'sha256', in: 'path' } }) })

const info = createRoute({
  method: 'get',
  path: '/publications/{id}/rerun',
  tags: ['publications'],
  summary: 'What a re-run needs: the bundle and manifest URLs (by sha256), the author signature, or that the scenario is sealed',
  request: { params: idParam },
  responses: { 200: { description: 'The re-run materials', content: { 'application/json': { schema: RerunInfoSchema } } }, ...problems(400, 401, 404) },
})

const file = (what: 'bundle' | 'manifest') =>
  createRoute({
    method: 'get',
    path: `/publications/{id}/${what}/{sha256}`,
    tags: ['publications'],
    summary: `The ${what} the publication's run used (immutable; 403 SCENARIO_SEALED when the author sealed it)`,
    request: { params: fileParams },
    responses: { 200: { description: `The ${what} bytes`, content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } }, ...problems(400, 401, 403, 404) },
  })

/** The publication, its run's manifest (hash and parsed), and whether the scenario is sealed. */
async function materials(store: Store, id: string): Promise<{ p: Publication; manifestSha256: string | undefined; manifest: Manifest | undefined; sealed: boolean }> {
  const p = await store.getPublication(id)
  if (p === undefined) throw new BundError('NOT_FOUND', `no publication ${id}`)
  const manifestSha256 = (await store.getRun(p.runId))?.manifestSha256
  const manifest = manifestSha256 !== undefined && store.artifacts.has(manifestSha256) ? parseManifest(JSON.parse(store.artifacts.get(manifestSha256).toString('utf8')), `manifest ${manifestSha256}`) : undefined
  // Without its manifest a run cannot say it was not sealed: keep it private.
  return { p, manifestSha256, manifest, sealed: manifest === undefined || manifest.sealed === true }
}

async function serveFile(store: Store, id: string, sha256: string, what: 'bundle' | 'manifest'): Promise<Buffer> {
  const m = await materials(store, id)
  const expected = what === 'bundle' ? m.p.bundleSha256 : m.manifestSha256
  if (sha256 !== expected) throw new BundError('NOT_FOUND', `publication ${id} has no ${what} ${sha256}`)
  if (m.sealed) throw new BundError('SCENARIO_SEALED', `${m.p.scenario}@${m.p.version} is sealed by its author: its ${what} is not public`)
  return store.artifacts.get(sha256)
}

const immutable = (sha256: string, type: string) => ({
  'content-type': type,
  etag: `"${sha256}"`,
  'content-digest': `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
  'cache-control': 'public, max-age=31536000, immutable',
})

export const reproductionRoutes = router()
  .openapi(info, async (c) => {
    const { store } = c.get('deps')
    const { id } = c.req.valid('param')
    const m = await materials(store, id)
    const base = `/api/v1/publications/${id}`
    const registered = await store.getScenario(m.p.scenario, m.p.version)
    const signatureSha256 = registered?.bundleSha256 === m.p.bundleSha256 ? registered.signatureSha256 : undefined
    const signature = signatureSha256 !== undefined && store.artifacts.has(signatureSha256) ? JSON.parse(store.artifacts.get(signatureSha256).toString('utf8')) : null
    return c.json(
      {
        publicationId: id,
        sealed: m.sealed,
        bundle: { sha256: m.p.bundleSha256, url: m.sealed ? null : `${base}/bundle/${m.p.bundleSha256}` },
        manifest: m.manifestSha256 === undefined ? null : { sha256: m.manifestSha256, url: m.sealed ? null : `${base}/manifest/${m.manifestSha256}` },
        authorSignature: signature,
      },
      200,
    )
  })
  .openapi(file('bundle'), async (c) => {
    const { id, sha256 } = c.req.valid('param')
    return c.body(new Uint8Array(await serveFile(c.get('deps').store, id, sha256, 'bundle')), 200, immutable(sha256, 'text/javascript; charset=utf-8')) as never
  })
  .openapi(file('manifest'), async (c) => {
    const { id, sha256 } = c.req.valid('param')
    return c.body(new Uint8Array(await serveFile(c.get('deps').store, id, sha256, 'manifest')), 200, immutable(sha256, 'application/json')) as never
  })
