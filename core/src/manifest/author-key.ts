/** An author's key pair for `bund keygen`, apart from signature.ts so that the command loads no schema. */
import { generateKeyPairSync } from 'node:crypto'
import { keyIdOf } from '../kernel/index.js'

/** A new author key pair, PEM encoded (PKCS#8 private, SPKI public), and the public key's id. */
export function generateAuthorKeyPair(): { privateKey: string; publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) }
}
