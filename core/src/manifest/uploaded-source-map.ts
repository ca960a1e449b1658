/**
 * A source map that comes with an upload (`POST /scenarios`, part `sourceMap`): checked against the
 * bundle it came with before it is kept, and resolved from a made-up scenario directory when a run
 * maps a stack with it. Apart from source-map.ts so the commands that only map local stacks load no
 * schema library.
 */
import type { SourceMapPayload } from 'node:module'
import { z } from 'zod'
import { BundError } from '../kernel/index.js'
import type { BundleSourceMap } from './source-map.js'

/** Bytes of a source map an upload may carry (`POST /scenarios`, part `sourceMap`). */
export const MAX_UPLOADED_MAP_BYTES = 8 * 1024 * 1024
/**
 * The directory an uploaded map's sources are resolved from: a made-up one, so a mapped frame reads
 * `src/helpers.ts` as on the author's machine and no path of this host can ever appear in it.
 */
const UPLOAD_ROOT = '/scenario'

const uploadedMapSchema = z.object({
  version: z.literal(3),
  sources: z.array(z.string().max(1000)).max(10_000),
  names: z.array(z.string().max(1000)).max(1_000_000).optional(),
  // Base64 VLQ segments only (Node's SourceMap accepts anything and maps it to nonsense).
  mappings: z.string().regex(/^[A-Za-z0-9+/,;]*$/, 'not base64 VLQ mappings'),
  x_bundleSha256: z.string().regex(/^[0-9a-f]{64}$/, "missing: the map must be the one `bund build` wrote beside this bundle (it names the bundle's sha256)"),
})

/**
 * Checks an uploaded `dist/bundle.js.map` against the bundle it came with and returns the text to
 * store: version 3, bounded, well-formed mappings, stamped by `bund build` with this bundle's sha256
 * (a map of another build would point at the wrong lines). Only what mapping needs is kept
 * (`sourcesContent` is dropped). SOURCE_MAP_INVALID (400) names what is wrong.
 */
export function parseUploadedSourceMap(text: string, bundleSha256: string): string {
  const bytes = Buffer.byteLength(text)
  if (bytes > MAX_UPLOADED_MAP_BYTES) throw new BundError('SOURCE_MAP_INVALID', `sourceMap: ${bytes} bytes, over the limit of ${MAX_UPLOADED_MAP_BYTES}`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new BundError('SOURCE_MAP_INVALID', 'sourceMap: not valid JSON')
  }
  const parsed = uploadedMapSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new BundError('SOURCE_MAP_INVALID', `sourceMap: ${issue.path.join('.') || 'the map'}: ${issue.message}`)
  }
  const map = parsed.data
  if (map.x_bundleSha256 !== bundleSha256) {
    throw new BundError('SOURCE_MAP_INVALID', `sourceMap: written for the bundle ${map.x_bundleSha256.slice(0, 12)}…, not this one (${bundleSha256.slice(0, 12)}…): upload the dist/bundle.js.map of the same build`)
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
  return JSON.stringify({ version: 3, sources: map.sources.map(clean), names: map.names ?? [], mappings: map.mappings, x_bundleSha256: map.x_bundleSha256 })
}

/** A stored upload's map (as parseUploadedSourceMap kept it), resolved from the made-up scenario directory. */
export function uploadedSourceMap(stored: string): BundleSourceMap | undefined {
  try {
    return { payload: JSON.parse(stored) as SourceMapPayload, root: UPLOAD_ROOT, base: `${UPLOAD_ROOT}/dist` }
  } catch {
    return undefined
  }
}

