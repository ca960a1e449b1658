/**
 * /api/v1/scenarios: the registry. Anyone sees scenarios with a live publication; an author also
 * its own org's; an operator all. Authors upload a bundle and its manifest (multipart), which is
 * validated, checked against its hash and, for orgs with a registered key, its signature.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BundError, compareVersions, orgOf } from '../../kernel/index.js'
import { versionSchema } from '../../model/index.js'
import { parseManifest, verifyBundle, MAX_BUNDLE_BYTES } from '../../manifest/load.js'
import { MAX_UPLOADED_MAP_BYTES, parseUploadedSourceMap } from '../../manifest/uploaded-source-map.js'
import { checkAuthorSignature } from '../../manifest/signature.js'
import type { ScenarioRecord } from '../../model/index.js'
import type { Store } from '../../store/store.js'
import { allow } from '../middleware/auth/index.js'
import { bearer, problems } from '../openapi.js'
import { actorOf, type Principal } from '../principal.js'
import { PageQuerySchema, ScenarioIdParams, ScenarioSchema, pageOf } from '../schemas.js'
import { pageOfItems } from '../page.js'
import { router } from './router.js'
import { displayedAuthor, orgNamesOf } from '../../store/display-name.js'

const file = z.union([z.string(), z.instanceof(File)]).openapi({ type: 'string', format: 'binary' })

const UploadSchema = z
  .object({
    manifest: file.openapi({ description: 'dist/manifest.json', type: 'string', format: 'binary' }),
    bundle: file.openapi({ description: 'dist/bundle.js', type: 'string', format: 'binary' }),
    signature: file.optional().openapi({ description: 'dist/bundle.sig (required when the org has a registered key)', type: 'string', format: 'binary' }),
    sourceMap: file.optional().openapi({
      description: `dist/bundle.js.map as \`bund build\` wrote it (at most ${MAX_UPLOADED_MAP_BYTES} bytes): kept beside the bundle, never given to the sandbox; a run's thrown error then names src/ files and lines. A map of another build, or not a source map, is refused with 400 SOURCE_MAP_INVALID`,
      type: 'string',
      format: 'binary',
    }),
  })
  .openapi('ScenarioUpload')

const VersionQuery = z.object({ version: versionSchema.optional().openapi({ param: { name: 'version', in: 'query' }, example: '1.0.0' }) })

const list = createRoute({
  method: 'get',
  path: '/scenarios',
  tags: ['scenarios'],
  summary: 'List scenarios (latest version of each)',
  request: { query: PageQuerySchema },
  responses: { 200: { description: 'A page of scenarios', content: { 'application/json': { schema: pageOf(ScenarioSchema, 'ScenarioPage') } } }, ...problems(400, 401) },
})

const get = createRoute({
  method: 'get',
  path: '/scenarios/{org}/{name}',
  tags: ['scenarios'],
  summary: 'One scenario: its latest version, or ?version=',
  request: { params: ScenarioIdParams, query: VersionQuery },
  responses: { 200: { description: 'The scenario', content: { 'application/json': { schema: ScenarioSchema } } }, ...problems(400, 401, 404) },
})

const versions = createRoute({
  method: 'get',
  path: '/scenarios/{org}/{name}/versions',
  tags: ['scenarios'],
  summary: "A scenario's registered versions, newest first",
  request: { params: ScenarioIdParams },
  responses: {
    200: { description: 'The versions', content: { 'application/json': { schema: z.object({ id: z.string(), versions: z.array(ScenarioSchema) }) } } },
    ...problems(400, 401, 404),
  },
})

const upload = createRoute({
  method: 'post',
  path: '/scenarios',
  tags: ['scenarios'],
  summary: 'Upload a built scenario (author of its org, or operator)',
  description: `multipart/form-data with \`manifest\`, \`bundle\`, when the org has a registered key \`signature\`, and optionally \`sourceMap\` (dist/bundle.js.map). Send the bundle as a file part (\`curl -F bundle=@dist/bundle.js\`): browsers and fetch turn line breaks of plain text fields into CRLF, which changes its sha256. The bundle is at most ${MAX_BUNDLE_BYTES} bytes. An author may upload only ids of its own org. The registry shows an author's upload under its org's name (the one an operator gave the org by uploading with a manifest \`author\`, else the org id), never the manifest's own \`author\` text.`,
  security: bearer,
  middleware: [allow('author', 'operator')] as const,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: UploadSchema } } } },
  responses: {
    201: { description: 'Registered', content: { 'application/json': { schema: ScenarioSchema } } },
    200: { description: 'This exact version and bundle were already registered', content: { 'application/json': { schema: ScenarioSchema } } },
    ...problems(400, 401, 403, 409, 413, 422),
  },
})

/**
 * What the public may see: each scenario id and each `id@version` with at least one live
 * publication. A version never published (still in review, or held) stays hidden.
 */
export async function publishedIds(store: Store): Promise<Set<string>> {
  const out = new Set<string>()
  for (const v of await store.publishedVersions()) out.add(v.scenario).add(`${v.scenario}@${v.version}`)
  return out
}

function visible(principal: Principal, record: ScenarioRecord, published: Set<string>): boolean {
  if (principal.role === 'operator') return true
  if (principal.role === 'author' && principal.org === orgOf(record.id)) return true
  return published.has(`${record.id}@${record.version}`)
}

async function text(value: string | File): Promise<string> {
  return typeof value === 'string' ? value : await value.text()
}

/**
 * The name an org's scenarios are shown under: the display name an operator set for it, else the
 * one an operator gave it by uploading (only an operator's upload records an author other than the
 * org id; the newest wins), else the org id itself.
 */
async function orgDisplayName(store: Store, org: string): Promise<string> {
  const set = await store.getOrg(org)
  if (set !== undefined) return set.displayName
  let named: ScenarioRecord | undefined
  for (const s of await store.listScenarios()) {
    if (orgOf(s.id) === org && s.author !== org && (named === undefined || s.registeredAt > named.registeredAt)) named = s
  }
  return named?.author ?? org
}

/** Records as answered: `author` is the org's display name when an operator set one (as the dashboard shows it). */
async function asShown<T extends ScenarioRecord>(store: Store, records: T[]): Promise<T[]> {
  const names = await orgNamesOf(store)
  return names.size === 0 ? records : records.map((r) => ({ ...r, author: displayedAuthor(r, names) }))
}

export const scenarioRoutes = router()
  .openapi(list, async (c) => {
    const { store } = c.get('deps')
    const { offset, limit } = c.req.valid('query')
    const principal = c.get('principal')
    const published = await publishedIds(store)
    const latest = new Map<string, ScenarioRecord>()
    for (const s of await store.listScenarios()) {
      if (!visible(principal, s, published)) continue
      const seen = latest.get(s.id)
      if (seen === undefined || compareVersions(s.version, seen.version) > 0) latest.set(s.id, s)
    }
    const all = [...latest.values()].sort((a, b) => a.id.localeCompare(b.id))
    const page = pageOfItems(all, offset, limit)
    return c.json({ ...page, items: await asShown(store, page.items) }, 200)
  })
  .openapi(get, async (c) => {
    const { store } = c.get('deps')
    const { org, name } = c.req.valid('param')
    const { version } = c.req.valid('query')
    const published = await publishedIds(store)
    // Without a version: the newest this caller may see (for the public, the newest published one).
    const record =
      version !== undefined
        ? await store.getScenario(`${org}/${name}`, version)
        : (await store.listScenarios())
            .filter((s) => s.id === `${org}/${name}` && visible(c.get('principal'), s, published))
            .sort((a, b) => compareVersions(b.version, a.version))[0]
    if (record === undefined || !visible(c.get('principal'), record, published)) {
      throw new BundError('SCENARIO_NOT_FOUND', `no scenario ${org}/${name}${version ? `@${version}` : ''}`)
    }
    return c.json((await asShown(store, [record]))[0] as ScenarioRecord, 200)
  })
  .openapi(versions, async (c) => {
    const { store } = c.get('deps')
    const { org, name } = c.req.valid('param')
    const id = `${org}/${name}`
    const published = await publishedIds(store)
    const all = (await store.listScenarios())
      .filter((s) => s.id === id && visible(c.get('principal'), s, published))
      .sort((a, b) => compareVersions(b.version, a.version))
    if (all.length === 0) throw new BundError('SCENARIO_NOT_FOUND', `no scenario ${id}`)
    return c.json({ id, versions: await asShown(store, all) }, 200)
  })
  .openapi(upload, async (c) => {
    const { store } = c.get('deps')
    const principal = c.get('principal')
    const form = c.req.valid('form')
    let json: unknown
    try {
      json = JSON.parse(await text(form.manifest))
    } catch (e) {
      throw new BundError('MANIFEST_INVALID', `manifest: not valid JSON (${(e as Error).message})`)
    }
    const manifest = parseManifest(json, 'manifest')
    if (principal.role === 'author' && orgOf(manifest.id) !== principal.org) {
      throw new BundError('FORBIDDEN', `${manifest.id} is outside your org; an author of ${principal.org} may upload only ${principal.org}/… ids`)
    }
    const bundle = await text(form.bundle)
    if (Buffer.byteLength(bundle) > MAX_BUNDLE_BYTES) throw new BundError('BODY_TOO_LARGE', `the bundle is larger than ${MAX_BUNDLE_BYTES} bytes`)
    verifyBundle(manifest, bundle, `${manifest.id}@${manifest.version}`)
    const signatureText = form.signature === undefined ? undefined : await text(form.signature)
    const signature = await checkAuthorSignature(store, manifest, bundle, signatureText)
    const sourceMap = form.sourceMap === undefined ? undefined : parseUploadedSourceMap(await text(form.sourceMap), manifest.bundle.sha256)
    const existing = await store.getScenario(manifest.id, manifest.version)
    if (existing !== undefined && existing.version === manifest.version && existing.bundleSha256 === manifest.bundle.sha256) return c.json(existing, 200)
    store.artifacts.put(bundle)
    const record: ScenarioRecord = {
      id: manifest.id,
      version: manifest.version,
      title: manifest.title,
      // The displayed author is bound to the org: an author's upload shows its org's name, never
      // the manifest's free text; an operator's upload names the org (the operator vouches for it).
      author: principal.role === 'operator' ? manifest.author : await orgDisplayName(store, orgOf(manifest.id)),
      category: manifest.category,
      result: manifest.result,
      bundleSha256: manifest.bundle.sha256,
      manifest,
      // Kept so a reader can check the author's signature too (GET /publications/{id}/rerun).
      ...(signature.status === 'verified' && signatureText !== undefined ? { signatureSha256: store.artifacts.put(signatureText) } : {}),
      ...(sourceMap !== undefined ? { sourceMapSha256: store.artifacts.put(sourceMap) } : {}),
      registeredAt: new Date().toISOString(),
      authorSignature: signature.status === 'verified' ? { status: 'verified', keyId: signature.keyId } : { status: 'unsigned' },
    }
    await store.putScenario(record, actorOf(principal))
    return c.json(record, 201)
  })
