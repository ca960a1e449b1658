/** ed25519 key helpers every layer uses: a public key's id, and the public half of a private key. */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { BundError } from './errors.js'
import { sha256 } from './hash.js'

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

/** The public half of a private key, PEM (SPKI). */
export function publicPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string
}
