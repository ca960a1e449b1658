/**
 * `bund verify <publication URL>`: checks a publication from outside, with nothing but its URL (and,
 * if the reader has them, a pinned key and the last checkpoint seen). The server's answers are the
 * source of verify-from.ts's checks; with `--rerun`, the public bundle is also re-run locally.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { BundError, type ErrorCode, isBundError, orgOf, sha256 } from '../kernel/index.js'
import { parseManifest } from '../manifest/load.js'
import { verifyScenarioSignature } from '../manifest/signature.js'
import { rerun } from '../runner/reproduce.js'
import { DsseEnvelopeSchema } from '../store/attestation.js'
import type { Publication } from '../model/index.js'
import { RerunInfoSchema } from '../store/reproduction-info.js'
import { ConsistencyResponseSchema, InclusionResponseSchema } from '../store/transparency-log.js'
import { fetchLimited, httpUrl } from './fetch-limited.js'
import { parsePublicKey } from './public-key.js'
import { historyKeys, parseTrustedKeys } from './trusted-keys.js'
import { PublicationShape, type Recorders, type RemoteVerification, type VerifySource, verifyFrom } from './verify-from.js'

export type { RemoteCheck, RemoteVerification } from './verify-from.js'

export interface RemoteOptions {
  rerun?: boolean
  /** A file holding the key(s) the reader trusts (PEM, or the JSON of GET /api/v1/public-key or /public-keys). */
  keyFile?: string
  /** Where the last accepted checkpoint is remembered. */
  checkpointFile?: string
  timeoutMs?: number
}

const KiB = 1024
const MiB = 1024 * KiB
const LIMITS = { json: 8 * MiB, note: 16 * KiB, artifact: 256 * MiB, bundle: 64 * MiB }
const PUBLICATION_PATH = /^(.*?)\/(?:api\/v1\/)?publications\/(pub_[0-9a-f]{32})\/?$/

/** Where the API of the server that published `url` is, and the publication's id. */
export function parsePublicationUrl(text: string): { base: string; id: string; url: URL } {
  const url = httpUrl(text)
  const match = PUBLICATION_PATH.exec(url.pathname)
  if (match === null) throw new BundError('USAGE', `${url.href} is not a publication URL (…/api/v1/publications/pub_… or the dashboard's …/publications/pub_…)`)
  return { base: `${url.origin}${match[1]}/api/v1`, id: match[2] as string, url }
}

export async function verifyRemote(text: string, options: RemoteOptions = {}): Promise<RemoteVerification> {
  const { base, id, url } = parsePublicationUrl(text)
  const timeoutMs = options.timeoutMs ?? 15_000
  const get = (path: string, maxBytes: number) => fetchLimited(httpUrl(`${base}${path}`), { maxBytes, timeoutMs })
  const getJson = async <T>(path: string, schema: z.ZodType<T>, code: ErrorCode, what: string): Promise<T> => {
    const bytes = await get(path, LIMITS.json)
    let value: unknown
    try {
      value = JSON.parse(bytes.toString('utf8'))
    } catch {
      throw new BundError(code, `${what} is not JSON`)
    }
    const parsed = schema.safeParse(value)
    if (!parsed.success) throw new BundError(code, `${what} is not in the expected shape (${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message})`)
    return parsed.data
  }
  const pinned = options.keyFile === undefined ? undefined : { keys: parseTrustedKeys(readKeyFile(options.keyFile), options.keyFile), file: options.keyFile }
  const where = { publication: url.href, 'public-key': `${base}/public-key`, 'public-keys': `${base}/public-keys`, artifact: `${base}/publications/${id}/artifact`, checkpoint: `${base}/log/checkpoint` }
  const source: VerifySource = {
    where: (what) => where[what],
    publication: async () => (await getJson(`/publications/${id}`, PublicationShape, 'PUBLICATION_TAMPERED', `${base}/publications/${id}`)) as unknown as Publication,
    currentKey: async () => parsePublicKey((await get('/public-key', LIMITS.json)).toString('utf8'), where['public-key']),
    history: async () => historyKeys((await getJson('/public-keys', KeyHistoryShape, 'KEY_MISMATCH', 'the key history')).items, where['public-keys']),
    artifact: () => get(`/publications/${id}/artifact`, LIMITS.artifact),
    checkpoint: async () => (await get('/log/checkpoint', LIMITS.note)).toString('utf8'),
    inclusion: (size) => getJson(`/publications/${id}/inclusion?size=${size}`, InclusionResponseSchema, 'PROOF_INVALID', 'the inclusion proof'),
    consistency: (from, to) =>
      getJson(`/log/consistency?from=${from}&to=${to}`, ConsistencyResponseSchema, 'LOG_FORKED', 'the consistency proof').catch((e: unknown) => {
        // A server that refuses to prove its own checkpoint extends the old one has forked it.
        const status = isBundError(e) ? e.details?.['status'] : undefined
        throw typeof status === 'number' && status >= 400 && status < 500 ? new BundError('LOG_FORKED', `the server cannot prove its ${to}-entry log extends the ${from}-entry one remembered (HTTP ${status}): the log was rewritten`) : e
      }),
    attestation: () => getJson(`/publications/${id}/attestation`, DsseEnvelopeSchema, 'ATTESTATION_INVALID', 'the attestation'),
  }
  return verifyFrom(source, {
    expectedId: id,
    ...(pinned ? { pinned } : {}),
    ...(options.checkpointFile !== undefined ? { checkpointFile: options.checkpointFile } : {}),
    ...(options.rerun ? { more: (p: Publication, r: Recorders) => rerunRemote(p, base, get, getJson, r) } : {}),
  })
}

const KeyHistoryShape = z.object({ items: z.array(z.object({ keyId: z.string().max(64), publicKey: z.string().max(10_000), current: z.boolean() }).passthrough()).max(1000) }).passthrough()

/** Downloads the bundle and manifest, checks their hashes and the author's signature, and re-runs them locally in the sandbox. */
async function rerunRemote(
  p: Publication,
  base: string,
  get: (path: string, maxBytes: number) => Promise<Buffer>,
  getJson: <T>(path: string, schema: z.ZodType<T>, code: ErrorCode, what: string) => Promise<T>,
  r: Recorders,
): Promise<void> {
  let info: z.infer<typeof RerunInfoSchema> | undefined
  await r.attempt('bundle', async () => {
    info = await getJson(`/publications/${p.id}/rerun`, RerunInfoSchema, 'BUNDLE_TAMPERED', 'the re-run materials')
  })
  if (info === undefined) return r.skip('rerun', 'the re-run materials could not be fetched')
  if (info.sealed) {
    r.skip('bundle', `${p.scenario}@${p.version} is sealed by its author: the bundle (sha256:${p.bundleSha256.slice(0, 16)}…) is not public`, 'SCENARIO_SEALED')
    return r.skip('rerun', 'sealed scenario: it cannot be re-run from outside; every other check above still ran', 'SCENARIO_SEALED')
  }
  const materials = info
  let loaded: { manifest: ReturnType<typeof parseManifest>; bundle: string } | undefined
  await r.attempt('bundle', async () => {
    if (materials.bundle.url === null || materials.manifest?.url == null) throw new BundError('BUNDLE_TAMPERED', 'the server gives no bundle or manifest URL for a scenario it does not call sealed')
    const bundleBytes = await get(`/publications/${p.id}/bundle/${p.bundleSha256}`, LIMITS.bundle)
    if (sha256(bundleBytes) !== p.bundleSha256) throw new BundError('BUNDLE_TAMPERED', `the downloaded bundle has sha256:${sha256(bundleBytes).slice(0, 16)}…, the publication names sha256:${p.bundleSha256.slice(0, 16)}…`)
    const manifestBytes = await get(`/publications/${p.id}/manifest/${materials.manifest.sha256}`, LIMITS.json)
    if (sha256(manifestBytes) !== materials.manifest.sha256) throw new BundError('BUNDLE_TAMPERED', 'the downloaded manifest does not have the sha256 its URL names')
    let manifest: ReturnType<typeof parseManifest>
    try {
      manifest = parseManifest(JSON.parse(manifestBytes.toString('utf8')), 'the downloaded manifest')
    } catch (e) {
      throw new BundError('BUNDLE_TAMPERED', isBundError(e) ? e.message : 'the downloaded manifest is not JSON')
    }
    if (manifest.bundle.sha256 !== p.bundleSha256 || manifest.id !== p.scenario || manifest.version !== p.version) {
      throw new BundError('BUNDLE_TAMPERED', `the downloaded manifest is of ${manifest.id}@${manifest.version} with bundle sha256:${manifest.bundle.sha256.slice(0, 16)}…, not the publication's`)
    }
    loaded = { manifest, bundle: bundleBytes.toString('utf8') }
    r.pass('bundle', `bundle sha256:${p.bundleSha256.slice(0, 16)}… and its manifest downloaded; hashes match the publication`)
  })
  if (loaded === undefined) return r.skip('rerun', 'no intact bundle to re-run')
  const scenario = loaded
  if (materials.authorSignature === null) r.skip('author-signature', `the upload of ${p.scenario}@${p.version} was not signed by its author (no key was registered for the org)`)
  else {
    const signatureFile = materials.authorSignature
    await r.attempt('author-signature', async () => {
      const org = orgOf(p.scenario)
      const authorKey = await getJson(`/author-keys/${org}`, z.object({ publicKey: z.string().max(10_000) }).passthrough(), 'SIGNATURE_INVALID', `the author key of ${org}`)
      const keyId = verifyScenarioSignature(scenario.manifest, scenario.bundle, JSON.stringify(signatureFile), authorKey.publicKey)
      r.pass('author-signature', `signed by ${org}'s key ${keyId.slice(0, 16)}… over this bundle and manifest`)
    })
  }
  await r.attempt('rerun', async () => {
    const result = await rerun({ ...scenario, source: `${p.scenario}@${p.version}` }, p)
    if (result.ok) r.pass('rerun', `${result.detail}, in the local sandbox`)
    else r.fail('rerun', 'RERUN_MISMATCH', result.detail)
  })
}

export function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new BundError('USAGE', `--key ${file}: no such file`)
  }
}
