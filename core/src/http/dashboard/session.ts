/**
 * Operator sessions for the dashboard. An operator types the token once; the server keeps the
 * session here (in memory, keyed by the sha256 of its random id) and hands the browser only the
 * id, in a Secure, HttpOnly, SameSite=Strict cookie. Every request re-checks that the token behind
 * the session is still live, so revoking the token ends the session. Each session carries its own
 * CSRF token for the forms that change state.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { sha256 } from '../../kernel/index.js'

export interface Session {
  tokenId: string
  /** sha256 of the operator token, to re-check it on each request. */
  tokenHash: string
  /** Sent with every state-changing form and compared in constant time. */
  csrf: string
  expiresAt: number
}

export interface SessionOptions {
  /** Idle time after which a session ends (default 8 hours). */
  ttlMs?: number
  /** Sessions kept at most; the oldest is dropped first (default 1,000). */
  max?: number
}

export class Sessions {
  readonly #map = new Map<string, Session>()
  readonly #ttlMs: number
  readonly #max: number

  constructor(options: SessionOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 8 * 60 * 60 * 1000
    this.#max = options.max ?? 1_000
  }

  get ttlMs(): number {
    return this.#ttlMs
  }

  /** Starts a session; returns the id for the cookie (the only place it is kept in the clear). */
  create(tokenId: string, tokenHash: string): { id: string; session: Session } {
    const id = randomBytes(32).toString('base64url')
    const session: Session = { tokenId, tokenHash, csrf: randomBytes(24).toString('base64url'), expiresAt: Date.now() + this.#ttlMs }
    this.#map.set(sha256(id), session)
    while (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value!)
    return { id, session }
  }

  /** The live session of a cookie value, its idle timer restarted; undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined || id.length > 100) return undefined
    const key = sha256(id)
    const session = this.#map.get(key)
    if (session === undefined) return undefined
    if (session.expiresAt < Date.now()) {
      this.#map.delete(key)
      return undefined
    }
    session.expiresAt = Date.now() + this.#ttlMs
    return session
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.#map.delete(sha256(id))
  }
}

/** True when a submitted CSRF token matches the session's. */
export function csrfMatches(session: Session, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false
  const a = Buffer.from(session.csrf)
  const b = Buffer.from(submitted)
  return a.length === b.length && timingSafeEqual(a, b)
}
