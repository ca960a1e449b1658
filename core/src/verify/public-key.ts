/** Reading an instance's public key as a verifier gets it: PEM, or the JSON of GET /api/v1/public-key. */
import { createPublicKey } from 'node:crypto'
import { BundError } from '../kernel/index.js'

/** The key as SPKI PEM. Never shows OpenSSL's own messages: they say nothing a user can act on. */
export function parsePublicKey(text: string, source: string): string {
  let candidate = text.trim()
  if (candidate.startsWith('{')) {
    let value: unknown
    try {
      value = JSON.parse(candidate)
    } catch {
      throw new BundError('KEY_INVALID', `${source} is neither a PEM public key nor JSON`)
    }
    const pem = (value as { publicKey?: unknown } | null)?.publicKey
    if (typeof pem !== 'string') throw new BundError('KEY_INVALID', `${source} is JSON without a "publicKey" field (expected the answer of GET /api/v1/public-key)`)
    candidate = pem.trim()
  }
  if (!candidate.startsWith('-----BEGIN PUBLIC KEY-----')) throw new BundError('KEY_INVALID', `${source} holds no "-----BEGIN PUBLIC KEY-----" block (a PEM public key, or the JSON of GET /api/v1/public-key)`)
  let key: ReturnType<typeof createPublicKey>
  try {
    key = createPublicKey(candidate)
  } catch {
    throw new BundError('KEY_INVALID', `${source} holds a PEM block that is not a valid public key`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new BundError('KEY_INVALID', `${source} is a ${key.asymmetricKeyType} key; Bund signs with ed25519`)
  return key.export({ type: 'spki', format: 'pem' }) as string
}
