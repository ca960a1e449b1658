/**
 * API tokens: `bund_` and 32 random bytes, shown once to whoever issued it. The store keeps only
 * the sha256, so a leaked db.json grants nothing.
 */
import { randomBytes } from 'node:crypto'
import { BundError, SLUG_PATTERN, sha256 } from '../kernel/index.js'
import type { TokenRecord, Actor } from '../model/index.js'
import type { Store } from '../store/store.js'

export interface TokenRequest {
  role: 'operator' | 'author'
  /** Required for authors: the namespace of the scenario ids they may upload. */
  org?: string | undefined
  label?: string | undefined
}

/** Creates a token, stores its hash, and returns the token text (the only time it exists). */
export async function issueToken(store: Store, request: TokenRequest, actor: Actor): Promise<{ token: string; record: TokenRecord }> {
  if (request.role === 'author' && (request.org === undefined || !SLUG_PATTERN.test(request.org))) {
    throw new BundError('USAGE', 'an author token needs --org, the lower-case namespace of its scenario ids (acme for acme/credit-model)')
  }
  if (request.role === 'operator' && request.org !== undefined) throw new BundError('USAGE', 'an operator token has no org')
  const token = `bund_${randomBytes(32).toString('base64url')}`
  const record: TokenRecord = {
    id: `tok_${randomBytes(6).toString('hex')}`,
    hash: sha256(token),
    role: request.role,
    ...(request.org !== undefined ? { org: request.org } : {}),
    ...(request.label !== undefined ? { label: request.label } : {}),
    createdAt: new Date().toISOString(),
  }
  await store.addToken(record, actor)
  return { token, record }
}

/** A token record as the API shows it: never the hash. */
export function publicTokenView(record: TokenRecord): Omit<TokenRecord, 'hash'> {
  const { hash: _hash, ...rest } = record
  return rest
}
