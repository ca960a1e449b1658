/**
 * Bearer-token authentication. No Authorization header: the caller is the public. A token is looked
 * up by its sha256 (the store keeps only hashes) and the stored hash compared in constant time; a
 * malformed, unknown or revoked token is refused with 401, even on public routes, so a client never
 * mistakes a broken token for public access.
 */
import { timingSafeEqual } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import { BundError, sha256 } from '../../../kernel/index.js'
import type { AppEnv } from '../../env.js'
import type { Principal } from '../../principal.js'

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/

/** Replaces the public principal (set by the request frame) with the token's, if one is presented. */
export const bearerAuth = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization')
    if (header !== undefined) c.set('principal', await authenticate(c.get('deps').store, header))
    return next()
  })

/** Resolves an Authorization header to the token's principal, or throws UNAUTHORIZED. */
export async function authenticate(store: { findToken(hash: string): Promise<{ id: string; hash: string; role: 'operator' | 'author'; org?: string } | undefined> }, header: string): Promise<Principal> {
  const match = BEARER.exec(header)
  if (match === null) throw new BundError('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"')
  const presented = Buffer.from(sha256(match[1]!), 'hex')
  const record = await store.findToken(presented.toString('hex'))
  // The lookup is by hash, so its timing tells nothing about the token; the comparison that grants
  // access is constant-time all the same.
  if (record === undefined || !timingSafeEqual(Buffer.from(record.hash, 'hex'), presented)) {
    throw new BundError('UNAUTHORIZED', 'the bearer token is not valid (unknown or revoked)')
  }
  if (record.role === 'author') {
    if (record.org === undefined) throw new BundError('UNAUTHORIZED', 'the author token has no org')
    return { role: 'author', tokenId: record.id, org: record.org }
  }
  return { role: 'operator', tokenId: record.id }
}
