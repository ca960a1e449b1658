/**
 * `bund verify <publication URL>`: checks a publication from outside, with nothing but its URL (and,
 * if the reader has them, a pinned key and the last checkpoint seen). Every check names what it
 * looked at; a failed one carries its own error code. Nothing is written, except the remembered
 * checkpoint when every check passed.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { BundError, type ErrorCode, isBundError, orgOf, sha256 } from '../kernel/index.js'
import { parseManifest } from '../manifest/load.js'
import { verifyScenarioSignature } from '../manifest/signature.js'
import { rerun } from '../runner/reproduce.js'
import { DsseEnvelopeSchema, checkAttestation } from '../store/attestation.js'
import { auditLeaf, entryHash } from '../store/audit-chain.js'
import type { Publication } from '../store/records.js'
import { RerunInfoSchema } from '../store/reproduction-info.js'
import { checkSignature, keyIdOf, publicationId } from '../store/signing.js'
import { ConsistencyResponseSchema, InclusionResponseSchema, expectedEntries, noteOrigin } from '../store/transparency-log.js'
import { type Checkpoint, NoteError, openCheckpoint } from '../tlog/checkpoint.js'
import { leafHash } from '../tlog/hashing.js'
import { verifyConsistency, verifyInclusion } from '../tlog/tree.js'
import { readRemembered, remember } from './checkpoint-memory.js'
import { fetchLimited, httpUrl } from './fetch-limited.js'
import { parsePublicKey } from './public-key.js'

export interface RemoteCheck {
  check: string
  status: 'ok' | 'fail' | 'skip'
  detail: string
  /** Why it failed (or was skipped), as a stable code. */
  code?: ErrorCode
}

export interface RemoteVerification {
  id: string
  url: string
  ok: boolean
  publication?: Pick<Publication, 'scenario' | 'version' | 'seed' | 'withdrawn'>
  checkpoint?: { origin: string; size: number; root: string }
  checks: RemoteCheck[]
}

export interface RemoteOptions {
  rerun?: boolean
  /** A file holding the key the reader trusts (PEM, or the JSON of GET /api/v1/public-key). */
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
  const checks: RemoteCheck[] = []
  const pass = (check: string, detail: string) => checks.push({ check, status: 'ok', detail })
  const fail = (check: string, code: ErrorCode, detail: string) => checks.push({ check, status: 'fail', code, detail })
  const skip = (check: string, detail: string, code?: ErrorCode) => checks.push({ check, status: 'skip', detail, ...(code ? { code } : {}) })
  /** Runs one check; a BundError it throws (a fetch that failed, a malformed answer) fails that check with its code. */
  const attempt = async (check: string, body: () => Promise<void> | void) => {
    try {
      await body()
    } catch (e) {
      if (!isBundError(e)) throw e
      fail(check, e.code, e.message)
    }
  }

  // The publication and the key: without them nothing else can be checked.
  const publication = await getJson(`/publications/${id}`, PublicationShape, 'PUBLICATION_TAMPERED', `${base}/publications/${id}`) as unknown as Publication
  const servedKey = parsePublicKey((await get('/public-key', LIMITS.json)).toString('utf8'), `${base}/public-key`)
  let key = servedKey
  if (options.keyFile !== undefined) {
    const pinned = parsePublicKey(readKeyFile(options.keyFile), options.keyFile)
    key = pinned
    if (keyIdOf(pinned) === keyIdOf(servedKey)) pass('key', `the server's key is the pinned key ${keyIdOf(pinned).slice(0, 16)}…`)
    else fail('key', 'KEY_MISMATCH', `the server serves key ${keyIdOf(servedKey).slice(0, 16)}…, not the pinned key ${keyIdOf(pinned).slice(0, 16)}… from ${options.keyFile}`)
  } else pass('key', `the server's key ${keyIdOf(servedKey).slice(0, 16)}… (not pinned: pass --key FILE to check it is the one you trust)`)
  const keyId = keyIdOf(key)
  /** The instance's retired keys (PEM by key id), from a history whose current key is the one served; else none. */
  let retired: Map<string, string> | undefined
  const retiredKeys = async (): Promise<Map<string, string>> => {
    if (retired !== undefined) return retired
    retired = new Map()
    try {
      const list = await getJson('/public-keys', z.object({ items: z.array(z.object({ keyId: z.string().max(64), publicKey: z.string().max(10_000), current: z.boolean() }).passthrough()).max(1000) }).passthrough(), 'KEY_MISMATCH', 'the key history')
      // A history whose current key is not the one served contradicts the server: none of it is used.
      const current = list.items.filter((k) => k.current)
      if (current.length !== 1 || current[0]?.keyId !== keyIdOf(servedKey)) return retired
      for (const k of list.items) if (!k.current) retired.set(k.keyId, parsePublicKey(k.publicKey, `${base}/public-keys`))
    } catch (e) {
      if (!isBundError(e)) throw e
    }
    return retired
  }
  const retiredKey = async (wanted: string): Promise<string | undefined> => {
    const found = (await retiredKeys()).get(wanted)
    return found !== undefined && keyIdOf(found) === wanted ? found : undefined
  }

  if (publication.id !== id) fail('id', 'PUBLICATION_TAMPERED', `${url.href} answered publication ${String(publication.id).slice(0, 40)}`)
  // A publication signed before a key rotation names a retired key: the server lists it in its key
  // history. A pinned key is the reader's whole trust: then no other key is taken from the server.
  const signingKey = publication.keyId === keyId || options.keyFile !== undefined ? key : await retiredKey(publication.keyId)
  const signature = checkSignature(publication, signingKey ?? key)
  if (signature.ok) pass('signature', signingKey === key ? signature.reason : `${signature.reason} (a retired key of this instance, from ${base}/public-keys)`)
  else fail('signature', publication.keyId !== keyId ? 'KEY_MISMATCH' : 'PUBLICATION_TAMPERED', signature.reason)
  const { id: _id, signature: _s, keyId: _k, withdrawn: _w, ...body } = publication
  const derived = publicationId(body)
  if (derived === publication.id) pass('id', `${id} is derived from the content`)
  else fail('id', 'PUBLICATION_TAMPERED', `the content gives id ${derived}, not ${publication.id}`)

  await attempt('artifact:output', async () => {
    const bytes = await get(`/publications/${id}/artifact`, LIMITS.artifact)
    const hash = sha256(bytes)
    if (hash === publication.outputHash) pass('artifact:output', `downloaded ${bytes.length} bytes; sha256:${hash.slice(0, 16)}… is the published outputHash`)
    else fail('artifact:output', 'ARTIFACT_TAMPERED', `the downloaded output has sha256:${hash.slice(0, 16)}…, the publication names sha256:${publication.outputHash.slice(0, 16)}…`)
  })

  // The log: a checkpoint signed with the key, the publication's entries included in it, and (with
  // --checkpoint) the new checkpoint consistent with the last one seen.
  // The log is named by the instance's stable id, not by a key: a rotation keeps it.
  let origin = ''
  let checkpoint: Checkpoint | undefined
  let note = ''
  await attempt('checkpoint', async () => {
    note = (await get('/log/checkpoint', LIMITS.note)).toString('utf8')
    try {
      origin = noteOrigin(note)
      checkpoint = openCheckpoint(note, origin, key)
    } catch (e) {
      if (!(e instanceof NoteError)) throw e
      throw new BundError('CHECKPOINT_INVALID', `the log's checkpoint: ${e.message}`)
    }
    pass('checkpoint', `${origin}: ${checkpoint.size} entries, root ${checkpoint.root.toString('base64').slice(0, 16)}…, signed with the key`)
  })

  if (checkpoint === undefined) skip('inclusion', 'no valid checkpoint to prove inclusion against')
  else {
    const cp = checkpoint
    await attempt('inclusion', async () => {
      const answer = await getJson(`/publications/${id}/inclusion?size=${cp.size}`, InclusionResponseSchema, 'PROOF_INVALID', 'the inclusion proof')
      if (answer.size !== cp.size) throw new BundError('PROOF_INVALID', `the proofs are for a tree of ${answer.size} entries, not the checkpoint's ${cp.size}`)
      const proved: string[] = []
      for (const want of expectedEntries(publication)) {
        const item = answer.entries.find((e) => e.entry.action === want.action && e.entry.subject === want.subject)
        if (item === undefined) throw new BundError('PROOF_INVALID', `the log has no ${want.action} entry for ${want.subject} in its first ${cp.size} entries`)
        const { entry } = item
        if (entry.dataHash !== want.dataHash) throw new BundError('PROOF_INVALID', `the log's ${want.action} entry #${entry.seq} recorded other content than this publication`)
        if (entryHash(entry) !== entry.hash) throw new BundError('PROOF_INVALID', `the log's entry #${entry.seq} does not hash to its recorded hash`)
        if (item.index !== entry.seq - 1) throw new BundError('PROOF_INVALID', `entry #${entry.seq} is claimed at leaf ${item.index}`)
        const path = item.proof.map((h) => Buffer.from(h, 'base64'))
        if (!verifyInclusion(item.index, cp.size, leafHash(auditLeaf(entry)), path, cp.root)) {
          throw new BundError('PROOF_INVALID', `the inclusion proof of ${want.action} (leaf ${item.index}) does not lead to the checkpoint's root`)
        }
        proved.push(`${want.action} #${entry.seq}`)
      }
      pass('inclusion', `${proved.join(', ')} included in the ${cp.size}-entry log (RFC 9162 audit paths)`)
    })
  }

  let rememberAfter = false
  if (options.checkpointFile === undefined) skip('consistency', 'pass --checkpoint FILE to remember this checkpoint and check the log is never rewritten')
  else if (checkpoint === undefined) skip('consistency', 'no valid checkpoint to compare')
  else {
    const cp = checkpoint
    const file = options.checkpointFile
    await attempt('consistency', async () => {
      const old = readRemembered(file, origin, [key, ...(await retiredKeys()).values()])?.checkpoint
      if (old === undefined) {
        pass('consistency', `first checkpoint of this log seen; remembered in ${file}`)
      } else if (cp.size < old.size) {
        throw new BundError('LOG_SHRUNK', `the log has ${cp.size} entries, fewer than the ${old.size} of the checkpoint remembered in ${file}`)
      } else if (cp.size === old.size) {
        if (!cp.root.equals(old.root)) throw new BundError('LOG_FORKED', `two checkpoints of size ${cp.size} with different roots (${old.root.toString('base64').slice(0, 12)}… remembered, ${cp.root.toString('base64').slice(0, 12)}… now): the log was rewritten`)
        pass('consistency', `the same tree as the checkpoint remembered in ${file} (${cp.size} entries)`)
      } else if (old.size === 0) {
        pass('consistency', `the remembered checkpoint was of the empty log; now ${cp.size} entries`)
      } else {
        const answer = await getJson(`/log/consistency?from=${old.size}&to=${cp.size}`, ConsistencyResponseSchema, 'LOG_FORKED', 'the consistency proof').catch((e: unknown) => {
          // A server that refuses to prove its own checkpoint extends the old one has forked it.
          const status = isBundError(e) ? e.details?.status : undefined
          throw typeof status === 'number' && status >= 400 && status < 500 ? new BundError('LOG_FORKED', `the server cannot prove its ${cp.size}-entry log extends the ${old.size}-entry one remembered in ${file} (HTTP ${status}): the log was rewritten`) : e
        })
        const proof = answer.proof.map((h) => Buffer.from(h, 'base64'))
        if (answer.from !== old.size || answer.to !== cp.size || !verifyConsistency(old.size, cp.size, old.root, cp.root, proof)) {
          throw new BundError('LOG_FORKED', `no valid consistency proof from the remembered ${old.size}-entry tree to the ${cp.size}-entry one: the log was rewritten`)
        }
        pass('consistency', `the ${cp.size}-entry log extends the ${old.size}-entry one remembered in ${file} (consistency proof of ${proof.length} hashes)`)
      }
      rememberAfter = true
    })
  }

  await attempt('attestation', async () => {
    const envelope = await getJson(`/publications/${id}/attestation`, DsseEnvelopeSchema, 'ATTESTATION_INVALID', 'the attestation')
    const result = checkAttestation(envelope, publication, key)
    if (result.ok) pass('attestation', result.reason)
    else fail('attestation', 'ATTESTATION_INVALID', result.reason)
  })

  if (publication.withdrawn !== undefined) pass('withdrawal', `withdrawn by ${publication.withdrawn.by} at ${publication.withdrawn.at}: ${publication.withdrawn.reason} (the withdrawal is in the log)`)
  if (options.rerun) await rerunRemote(publication, base, get, getJson, { pass, fail, skip, attempt })

  const ok = checks.every((c) => c.status !== 'fail')
  if (ok && rememberAfter && options.checkpointFile !== undefined) remember(options.checkpointFile, note)
  return {
    id,
    url: url.href,
    ok,
    publication: { scenario: publication.scenario, version: publication.version, seed: publication.seed, ...(publication.withdrawn ? { withdrawn: publication.withdrawn } : {}) },
    ...(checkpoint ? { checkpoint: { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root.toString('base64') } } : {}),
    checks,
  }
}

type Recorders = {
  pass(check: string, detail: string): void
  fail(check: string, code: ErrorCode, detail: string): void
  skip(check: string, detail: string, code?: ErrorCode): void
  attempt(check: string, body: () => Promise<void>): Promise<void>
}

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

/** Enough of a publication's shape to check it; the signature decides the rest. */
const PublicationShape = z
  .object({ id: z.string().max(100), runId: z.string().max(100), scenario: z.string().max(200), version: z.string().max(100), bundleSha256: z.string().max(64), seed: z.number(), outputHash: z.string().max(64), verdicts: z.array(z.unknown()), signature: z.string().max(200), keyId: z.string().max(64) })
  .passthrough()

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new BundError('USAGE', `--key ${file}: no such file`)
  }
}
