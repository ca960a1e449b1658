/**
 * The instance's ed25519 key pair, and signatures over publications. The pair is generated into
 * `<data dir>/keys/` at first start; the private key is written with mode 0600 and never leaves it.
 * It is never generated again once the data directory has signed anything (secret-file.ts): a new
 * key comes only from an explicit rotation, and every public key ever used stays in
 * `keys/history/`, so every earlier publication keeps verifying.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { LRUCache } from 'lru-cache'
import { BundError, canonicalJson, keyIdOf, publicPemOf, sha256 } from '../kernel/index.js'
import { fsyncDir, writeFileAtomic } from './atomic-write.js'
import type { Publication } from '../model/index.js'
import { KEYS_DIR, type SecretFileSpec, createSecretFile, loadOrCreateSecret, readSecretFile } from './secret-file.js'

export const PRIVATE_KEY_FILE = join(KEYS_DIR, 'publication-signing.key')
export const PUBLIC_KEY_FILE = join(KEYS_DIR, 'publication-signing.pub')
/** Every public key the data directory has signed with, one `<keyId>.pub` each; never pruned. */
export const KEY_HISTORY_DIR = join(KEYS_DIR, 'history')
/** A rotation's new private key, until the audit chain has recorded the rotation. */
const NEXT_KEY_FILE = `${PRIVATE_KEY_FILE}.next`

export const SIGNING_KEY: SecretFileSpec = {
  file: PRIVATE_KEY_FILE,
  what: 'the private key that signs publications',
  ifLost:
    'run `bund keys rotate --lost` to sign new publications with a new key: the old public key stays in keys/history/, so every earlier publication still verifies.',
}

export interface SigningKey {
  /** Absent when the store was opened read-only. */
  privateKey?: KeyObject
  publicKeyPem: string
  keyId: string
}

/** One public key of the instance, current or retired by a rotation. */
export interface PublicKeyEntry {
  keyId: string
  publicKey: string
  current: boolean
}

/**
 * Loads the data dir's key pair. `create`: a writable open, which may generate the first pair — only
 * when nothing was ever signed here (`hasPublications` false, no public key, no key history).
 * Read-only opens need only the public key.
 */
export function loadSigningKey(dataDir: string, create: boolean, hasPublications = false): SigningKey | undefined {
  const publicPath = join(dataDir, PUBLIC_KEY_FILE)
  if (!create) {
    if (existsSync(publicPath)) return publicOnly(readFileSync(publicPath, 'utf8'))
    const bytes = readSecretFile(dataDir, SIGNING_KEY)
    return bytes === undefined ? undefined : publicOnly(publicPemOf(parsePrivate(bytes)))
  }
  const dependsOn = hasPublications
    ? 'publications in this store are signed with it'
    : existsSync(publicPath)
      ? `its public key (${PUBLIC_KEY_FILE}) exists and may have been handed to readers`
      : keyHistory(dataDir).length > 0
        ? `${KEY_HISTORY_DIR} names keys this instance signed with`
        : undefined
  const { bytes } = loadOrCreateSecret(dataDir, SIGNING_KEY, { dependsOn, generate: () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) })
  const privateKey = parsePrivate(bytes)
  const publicKeyPem = publicPemOf(privateKey)
  // The public half is derived, so a missing or stale .pub file is simply rewritten.
  if (!existsSync(publicPath) || readFileSync(publicPath, 'utf8') !== publicKeyPem) writeFileAtomic(publicPath, publicKeyPem)
  const keyId = keyIdOf(publicKeyPem)
  recordInHistory(dataDir, publicKeyPem, keyId)
  return { privateKey, publicKeyPem, keyId }
}

export function parsePrivate(bytes: Buffer): KeyObject {
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(bytes)
  } catch (e) {
    throw new BundError(
      'KEY_INVALID',
      `${PRIVATE_KEY_FILE} is not a private key (${(e as Error).message}). Restore it from your backup of the data directory's keys/ folder; if it is lost for good, move it aside and ${SIGNING_KEY.ifLost}`,
    )
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new BundError('KEY_INVALID', `${PRIVATE_KEY_FILE} is not an ed25519 key`)
  return privateKey
}

function publicOnly(publicKeyPem: string): SigningKey {
  return { publicKeyPem, keyId: keyIdOf(publicKeyPem) }
}

function recordInHistory(dataDir: string, publicKeyPem: string, keyId: string): void {
  const path = join(dataDir, KEY_HISTORY_DIR, `${keyId}.pub`)
  if (existsSync(path)) return
  mkdirSync(join(dataDir, KEY_HISTORY_DIR), { recursive: true, mode: 0o700 })
  writeFileAtomic(path, publicKeyPem)
}

/** Every public key the data directory has signed with (the current one marked), oldest file first. */
export function keyHistory(dataDir: string): PublicKeyEntry[] {
  const dir = join(dataDir, KEY_HISTORY_DIR)
  const publicPath = join(dataDir, PUBLIC_KEY_FILE)
  const current = existsSync(publicPath) ? keyIdOf(readFileSync(publicPath, 'utf8')) : undefined
  const out: PublicKeyEntry[] = []
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => /^[0-9a-f]{64}\.pub$/.test(n)) : []
  for (const name of names) {
    const publicKey = readFileSync(join(dir, name), 'utf8')
    const keyId = keyIdOf(publicKey)
    if (`${keyId}.pub` === name) out.push({ keyId, publicKey, current: keyId === current })
  }
  // A data directory from before key history: its one key.
  if (current !== undefined && !out.some((k) => k.current)) out.push({ keyId: current, publicKey: readFileSync(publicPath, 'utf8'), current: true })
  return out
}

/** The public key (PEM) with this id from the data directory's key history. */
export function historicKey(dataDir: string, keyId: string): string | undefined {
  return keyHistory(dataDir).find((k) => k.keyId === keyId)?.publicKey
}

/**
 * Step 1 of a rotation: the new pair is made, its private key kept as `.next` and its public key
 * added to the history. Nothing signs with it until the rotation is recorded and completed.
 */
export function prepareRotation(dataDir: string): SigningKey {
  // A data directory from before key history keeps its current public key only in the .pub file.
  const publicPath = join(dataDir, PUBLIC_KEY_FILE)
  if (existsSync(publicPath)) {
    const pem = readFileSync(publicPath, 'utf8')
    recordInHistory(dataDir, pem, keyIdOf(pem))
  }
  const pair = generateKeyPairSync('ed25519')
  createSecretFile(dataDir, NEXT_KEY_FILE, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }))
  const publicKeyPem = publicPemOf(pair.privateKey)
  const keyId = keyIdOf(publicKeyPem)
  recordInHistory(dataDir, publicKeyPem, keyId)
  return { privateKey: pair.privateKey, publicKeyPem, keyId }
}

/** Step 2, once the audit chain holds `key.rotated`: the new key replaces the current one. */
export function completeRotation(dataDir: string): void {
  const next = join(dataDir, NEXT_KEY_FILE)
  const key = parsePrivate(readFileSync(next))
  renameSync(next, join(dataDir, PRIVATE_KEY_FILE))
  fsyncDir(join(dataDir, KEYS_DIR))
  writeFileAtomic(join(dataDir, PUBLIC_KEY_FILE), publicPemOf(key))
}

/** A rotation a crash interrupted: the key id of its new key, if one is waiting. */
export function pendingRotation(dataDir: string): string | undefined {
  if (!existsSync(join(dataDir, NEXT_KEY_FILE))) return undefined
  const bytes = readSecretFile(dataDir, { ...SIGNING_KEY, file: NEXT_KEY_FILE })
  return bytes === undefined ? undefined : keyIdOf(publicPemOf(parsePrivate(bytes)))
}

/** Drops a rotation that was never recorded (its public key stays in the history, harmlessly). */
export function abandonRotation(dataDir: string): void {
  rmSync(join(dataDir, NEXT_KEY_FILE), { force: true })
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
  const { keyId, key } = parsedPublicKey(publicKeyPem)
  if (publication.keyId !== keyId) return { ok: false, reason: `it was signed with key ${publication.keyId}, not this instance's key ${keyId}` }
  let ok: boolean
  try {
    ok = verify(null, Buffer.from(signedBytes(publication)), key, Buffer.from(publication.signature, 'base64'))
  } catch {
    ok = false
  }
  return ok ? { ok, reason: `ed25519 signature by key ${keyId.slice(0, 16)}… verifies` } : { ok, reason: 'the ed25519 signature does not match the content: the publication was changed after it was signed' }
}

/** Public keys parsed once: checking 100,000 publications with one key parsed it (and derived its id) 100,000 times. */
const parsedKeys = new LRUCache<string, { keyId: string; key: KeyObject }>({ max: 64 })

function parsedPublicKey(pem: string): { keyId: string; key: KeyObject } {
  let parsed = parsedKeys.get(pem)
  if (parsed === undefined) {
    parsed = { keyId: keyIdOf(pem), key: createPublicKey(pem) }
    parsedKeys.set(pem, parsed)
  }
  return parsed
}
