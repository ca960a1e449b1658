/**
 * The instance's ed25519 key pair, and signatures over publications. The pair is generated into
 * `<data dir>/keys/` at first start; the private key is written with mode 0600 and never leaves it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BundError } from '../errors.js'
import { sha256 } from '../hash.js'
import { writeFileAtomic } from './atomic-write.js'
import { canonicalJson } from './canonical.js'
import type { Publication } from './records.js'

export const PRIVATE_KEY_FILE = join('keys', 'publication-signing.key')
export const PUBLIC_KEY_FILE = join('keys', 'publication-signing.pub')

export interface SigningKey {
  /** Absent when the store was opened read-only. */
  privateKey?: KeyObject
  publicKeyPem: string
  keyId: string
}

/** The key id: sha256 of the public key's DER (SPKI) bytes. */
export function keyIdOf(publicKeyPem: string): string {
  let key: KeyObject
  try {
    key = createPublicKey(publicKeyPem)
  } catch (e) {
    throw new BundError('KEY_INVALID', `not a public key in PEM form (${(e as Error).message})`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new BundError('KEY_INVALID', `expected an ed25519 public key, got ${key.asymmetricKeyType}`)
  return sha256(key.export({ type: 'spki', format: 'der' }))
}

/** Loads the data dir's key pair, generating it when `create` and there is none. */
export function loadSigningKey(dataDir: string, create: boolean): SigningKey | undefined {
  const privatePath = join(dataDir, PRIVATE_KEY_FILE)
  const publicPath = join(dataDir, PUBLIC_KEY_FILE)
  if (!existsSync(privatePath)) {
    if (!create) return existsSync(publicPath) ? publicOnly(readFileSync(publicPath, 'utf8')) : undefined
    const pair = generateKeyPairSync('ed25519')
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 })
    writeFileAtomic(privatePath, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600)
    chmodSync(privatePath, 0o600) // the umask may have narrowed it further, never widened; make it exact
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(readFileSync(privatePath, 'utf8'))
  } catch (e) {
    throw new BundError('KEY_INVALID', `${privatePath} is not a private key (${(e as Error).message}); restore it from a backup, or move it away to generate a new one`)
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new BundError('KEY_INVALID', `${privatePath} is not an ed25519 key`)
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string
  // The public half is derived, so a missing or stale .pub file is simply rewritten.
  if (create && (!existsSync(publicPath) || readFileSync(publicPath, 'utf8') !== publicKeyPem)) writeFileAtomic(publicPath, publicKeyPem)
  return { ...(create ? { privateKey } : {}), publicKeyPem, keyId: keyIdOf(publicKeyPem) }
}

function publicOnly(publicKeyPem: string): SigningKey {
  return { publicKeyPem, keyId: keyIdOf(publicKeyPem) }
}

/** The bytes a publication's signature covers: its canonical JSON without `signature` and `withdrawn`. */
export function signedBytes(publication: Omit<Publication, 'signature'> & { signature?: string }): string {
  const { signature: _signature, withdrawn: _withdrawn, ...body } = publication
  return canonicalJson(body)
}

/** The publication's id: derived from its content before signing, so it names exactly one result. */
export function publicationId(body: Omit<Publication, 'id' | 'signature' | 'keyId' | 'withdrawn'>): string {
  return `pub_${sha256(canonicalJson(body)).slice(0, 32)}`
}

export function signPublication(unsigned: Omit<Publication, 'signature' | 'keyId'>, key: SigningKey): Publication {
  if (key.privateKey === undefined) throw new BundError('STORE_INVALID', 'the store was opened read-only; it cannot sign')
  const withKey = { ...unsigned, keyId: key.keyId }
  const signature = sign(null, Buffer.from(signedBytes(withKey)), key.privateKey).toString('base64')
  return { ...withKey, signature }
}

/** Whether the signature verifies against `publicKeyPem`, and why not. */
export function checkSignature(publication: Publication, publicKeyPem: string): { ok: boolean; reason: string } {
  if (typeof publication.signature !== 'string' || publication.signature === '') return { ok: false, reason: 'the publication is not signed' }
  const keyId = keyIdOf(publicKeyPem)
  if (publication.keyId !== keyId) return { ok: false, reason: `it was signed with key ${publication.keyId}, not this instance's key ${keyId}` }
  let ok: boolean
  try {
    ok = verify(null, Buffer.from(signedBytes(publication)), createPublicKey(publicKeyPem), Buffer.from(publication.signature, 'base64'))
  } catch {
    ok = false
  }
  return ok ? { ok, reason: `ed25519 signature by key ${keyId.slice(0, 16)}… verifies` } : { ok, reason: 'the ed25519 signature does not match the content: the publication was changed after it was signed' }
}
