/**
 * Who is calling. No token: the public, who read published results only. An author token is bound
 * to one org and sees that org's scenarios, runs and held reports. An operator sees everything.
 */
import type { Actor } from '../model/index.js'
import { BundError, orgOf } from '../kernel/index.js'

export type Principal = { role: 'public' } | { role: 'operator'; tokenId: string } | { role: 'author'; tokenId: string; org: string }

export type Role = Principal['role']

/** How the principal is named in the audit chain. */
export function actorOf(principal: Principal): Actor {
  switch (principal.role) {
    case 'operator':
      return `operator:${principal.tokenId}`
    case 'author':
      return `author:${principal.org}:${principal.tokenId}`
    case 'public':
      return 'public'
  }
}

/** True when the principal may see non-public records of this scenario (its runs, held reports). */
export function mayReadPrivate(principal: Principal, scenarioId: string): boolean {
  return principal.role === 'operator' || (principal.role === 'author' && principal.org === orgOf(scenarioId))
}

/**
 * The listing filter that shows a principal only what `mayReadPrivate` lets it read: an operator
 * everything, an author its org's records. The public reads no private records at all.
 */
export function privateScope(principal: Principal): { org?: string } {
  if (principal.role === 'operator') return {}
  if (principal.role === 'author') return { org: principal.org }
  throw new BundError('FORBIDDEN', 'only operators and authors may list runs')
}
