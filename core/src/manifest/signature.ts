/**
 * Author signatures. An author signs its built scenario with its own ed25519 key (`bund keygen`,
 * `bund sign`); the operator registers the author's public key; from then on an upload of that
 * author's scenarios must carry a signature that verifies against the registered key.
 *
 * What is signed is a statement, not the files: the scenario's identity (id, version, author org),
 * the bundle's sha256 and the sha256 of the canonical manifest (which names the datasets, limits and
 * params the bundle will run with). Both hashes are recomputed from what was actually received, so
 * a changed bundle or manifest no longer matches its signature.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type KeyObject, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { z } from 'zod'
import { BundError, orgOf, sha256, canonicalJson, keyIdOf } from '../kernel/index.js'
// Key ids are computed one way for every key Bund handles: sha256 of the DER (SPKI) public key.
import { formatIssues } from './load.js'
import type { Manifest } from '../model/index.js'

/** The format tag of a signature file; changing what is signed means a new tag. */
export const SIGNATURE_FORMAT = 'bund-signature/1'
/** The file `bund sign` writes next to the bundle. */
export const SIGNATURE_FILE = 'bundle.sig'

const HEX64 = /^[0-9a-f]{64}$/

/** What an author's signature covers. */
export interface SignedStatement {
  format: typeof SIGNATURE_FORMAT
  /** The scenario id, `org/name`. */
  id: string
  version: string
  /** The org part of the id: the namespace whose key must have signed. */
  org: string
  bundleSha256: string
  /** sha256 of the canonical JSON (RFC 8785) of the manifest. */
  manifestSha256: string
}

/** dist/bundle.sig: the statement, the key that signed it and the signature. */
export const signatureFileSchema = z
  .object({
    format: z.literal(SIGNATURE_FORMAT),
    id: z.string().min(1).max(200),
    version: z.string().min(1).max(100),
    org: z.string().min(1).max(100),
    bundleSha256: z.string().regex(HEX64),
    manifestSha256: z.string().regex(HEX64),
    /** sha256 of the signing public key (DER, SPKI). */
    keyId: z.string().regex(HEX64),
    /** base64 ed25519 signature over the canonical JSON of the statement. */
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200),
  })
  .strict()

export type SignatureFile = z.infer<typeof signatureFileSchema>

/** The org whose key must sign a scenario: the namespace part of its id. */
export function scenarioOrg(manifest: Pick<Manifest, 'id'>): string {
  return orgOf(manifest.id)
}

/** The statement an author signs for this manifest and bundle, with both hashes recomputed. */
export function signedStatement(manifest: Manifest, bundle: string | Uint8Array): SignedStatement {
  return {
    format: SIGNATURE_FORMAT,
    id: manifest.id,
    version: manifest.version,
    org: scenarioOrg(manifest),
    bundleSha256: sha256(bundle),
    manifestSha256: sha256(canonicalJson(manifest)),
  }
}

/** Reads an ed25519 public key (PEM, SPKI); `source` names it in errors. */
export function parsePublicKey(pem: string, source = 'public key'): KeyObject {
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch {
    throw new BundError('KEY_INVALID', `${source}: not a PEM public key (expected the .pub file written by bund keygen)`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new BundError('KEY_INVALID', `${source}: a ${key.asymmetricKeyType ?? 'unknown'} key; Bund author keys are ed25519`)
  return key
}

/** Reads an ed25519 private key (PEM, PKCS#8); `source` names it in errors. */
export function parsePrivateKey(pem: string, source = 'private key'): KeyObject {
  if (/-----BEGIN PUBLIC KEY-----/.test(pem)) throw new BundError('KEY_INVALID', `${source}: this is a public key; sign with the private key (the .key file written by bund keygen)`)
  let key: KeyObject
  try {
    key = createPrivateKey(pem)
  } catch {
    throw new BundError('KEY_INVALID', `${source}: not a PEM private key (expected the .key file written by bund keygen)`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new BundError('KEY_INVALID', `${source}: a ${key.asymmetricKeyType ?? 'unknown'} key; Bund author keys are ed25519`)
  return key
}

/** Signs a built scenario with an author's private key; returns the contents of dist/bundle.sig. */
export function signScenario(manifest: Manifest, bundle: string | Uint8Array, privateKeyPem: string, source?: string): SignatureFile {
  const privateKey = parsePrivateKey(privateKeyPem, source)
  const statement = signedStatement(manifest, bundle)
  const signature = sign(null, Buffer.from(canonicalJson(statement)), privateKey).toString('base64')
  return { ...statement, keyId: keyIdOf(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()), signature }
}

/** Parses the text of a signature file, refusing anything malformed with SIGNATURE_INVALID. */
export function parseSignatureFile(text: string, source = SIGNATURE_FILE): SignatureFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new BundError('SIGNATURE_INVALID', `${source}: not valid JSON; write it with bund sign`)
  }
  const parsed = signatureFileSchema.safeParse(json)
  if (!parsed.success) throw new BundError('SIGNATURE_INVALID', `${source}: not a Bund signature file: ${formatIssues(parsed.error)}`)
  return parsed.data
}

const short = (hex: string) => `${hex.slice(0, 12)}…`

/**
 * Verifies a signature over this manifest and bundle against a public key. Throws SIGNATURE_INVALID
 * naming the first thing that does not match; returns the key id on success.
 */
export function verifyScenarioSignature(manifest: Manifest, bundle: string | Uint8Array, signature: string | SignatureFile, publicKeyPem: string): string {
  const label = `${manifest.id}@${manifest.version}`
  const file = typeof signature === 'string' ? parseSignatureFile(signature, `${label}: ${SIGNATURE_FILE}`) : signature
  const key = parsePublicKey(publicKeyPem, `the registered key of ${scenarioOrg(manifest)}`)
  const keyId = keyIdOf(publicKeyPem)
  const fail = (why: string): never => {
    throw new BundError('SIGNATURE_INVALID', `${label}: ${why}`, { keyId: file.keyId, expectedKeyId: keyId })
  }
  if (file.keyId !== keyId) fail(`signed with key ${short(file.keyId)}, but the key registered for ${scenarioOrg(manifest)} is ${short(keyId)}; sign with the registered key`)
  const statement = signedStatement(manifest, bundle)
  if (file.id !== statement.id || file.version !== statement.version || file.org !== statement.org) {
    fail(`the signature is for ${file.id}@${file.version}, not for this scenario`)
  }
  if (file.bundleSha256 !== statement.bundleSha256) fail(`the signature covers bundle sha256 ${short(file.bundleSha256)}, but this bundle is ${short(statement.bundleSha256)}; rebuilt without signing again?`)
  if (file.manifestSha256 !== statement.manifestSha256) fail(`the signature covers another manifest (sha256 ${short(file.manifestSha256)}, this one is ${short(statement.manifestSha256)}); sign again after building`)
  if (!verify(null, Buffer.from(canonicalJson(statement)), key, Buffer.from(file.signature, 'base64'))) fail('the signature does not verify: it was not made by this key over this bundle and manifest')
  return keyId
}

/** Where registered author keys are looked up: the Store has this method. */
export interface AuthorKeyLookup {
  getAuthorKey(org: string): Promise<{ publicKey: string } | undefined>
}

/** The outcome of an accepted upload's signature check. */
export type SignatureCheck =
  | { status: 'verified'; org: string; keyId: string }
  /** The org has no registered key: signatures are not required (and not checked). */
  | { status: 'unregistered'; org: string }

/**
 * The upload gate for author signatures. When the scenario's org has a registered key, the
 * signature (the text of bundle.sig) must be present (SIGNATURE_MISSING) and verify against that
 * key over this manifest and bundle (SIGNATURE_INVALID). Orgs without a key may upload unsigned.
 */
export async function checkAuthorSignature(keys: AuthorKeyLookup, manifest: Manifest, bundle: string | Uint8Array, signature?: string | SignatureFile | null): Promise<SignatureCheck> {
  const org = scenarioOrg(manifest)
  const registered = await keys.getAuthorKey(org)
  if (registered === undefined) return { status: 'unregistered', org }
  if (signature === undefined || signature === null || signature === '') {
    throw new BundError('SIGNATURE_MISSING', `${manifest.id}@${manifest.version}: ${org} has a registered signing key, so its bundles must be signed: run bund sign --key <your .key file>, then upload again (bund submit sends dist/${SIGNATURE_FILE} with the bundle)`)
  }
  return { status: 'verified', org, keyId: verifyScenarioSignature(manifest, bundle, signature, registered.publicKey) }
}

/** What `bund run` says about a local build's signature: what an upload would meet. */
export interface SignatureReport {
  status: 'verified' | 'invalid' | 'missing' | 'unchecked' | 'unsigned'
  message: string
}

/**
 * Reports, without throwing, whether a built scenario's signature (the text of its bundle.sig, if
 * any) would pass the upload gate against the keys registered in this store.
 */
export async function reportSignature(keys: AuthorKeyLookup, manifest: Manifest, bundle: string | Uint8Array, signature?: string): Promise<SignatureReport> {
  const org = scenarioOrg(manifest)
  if ((await keys.getAuthorKey(org)) === undefined) {
    return signature === undefined
      ? { status: 'unsigned', message: `not signed; ${org} has no registered key, so an upload needs no signature` }
      : { status: 'unchecked', message: `signed, but ${org} has no registered key here to check it against` }
  }
  try {
    const check = await checkAuthorSignature(keys, manifest, bundle, signature)
    return { status: 'verified', message: `verified against the key registered for ${org} (${check.status === 'verified' ? short(check.keyId) : ''})` }
  } catch (e) {
    if (!(e instanceof BundError)) throw e
    return { status: e.code === 'SIGNATURE_MISSING' ? 'missing' : 'invalid', message: `${e.code}: ${e.message}` }
  }
}

/** The text of a built scenario's signature file (dist/bundle.sig, or bundle.sig beside a bare manifest), if any. */
export function readSignatureFile(dir: string): string | undefined {
  const file = [join(dir, 'dist', SIGNATURE_FILE), join(dir, SIGNATURE_FILE)].find((f) => existsSync(f))
  return file === undefined ? undefined : readFileSync(file, 'utf8')
}
