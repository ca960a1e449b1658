/**
 * Request ids and security headers, computed once at start-up.
 *
 * Every response carries `x-request-id` (the caller's, if it is a sane id, else a fresh UUID, as
 * hono's requestId middleware does) and the security headers (hono's secureHeaders defaults with
 * the API's CSP), each where the handler did not set its own (the dashboard sets a stricter CSP). Setting them one by one on a fetch `Headers`
 * object costs more than the rest of a small request; a hot route can instead build its response
 * with `completeResponse`, whose plain header object already holds them and goes to the socket as is.
 */
import type { Context } from 'hono'

/** The API's Content-Security-Policy: this origin only (the docs page needs inline styles). */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"

/** hono's secureHeaders defaults (Cross-Origin-Embedder-Policy off) and the CSP above. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
  'content-security-policy': CSP,
})
const SECURITY_ENTRIES = Object.entries(SECURITY_HEADERS)

export const REQUEST_ID_HEADER = 'x-request-id'
const MAX_REQUEST_ID = 100
const UNSAFE_ID = /[^\w\-=]/

/** Marks a response that already carries the request id and the security headers. */
const COMPLETE = Symbol('bund.completeResponse')
type Marked = Response & { [COMPLETE]?: true }

/** The caller's request id if it is a sane one, else a fresh UUID. */
export function requestIdOf(c: Context): string {
  const given = c.req.header(REQUEST_ID_HEADER)
  return given === undefined || given === '' || given.length > MAX_REQUEST_ID || UNSAFE_ID.test(given) ? crypto.randomUUID() : given
}

/** Gives the response the request id and the security headers, unless `completeResponse` built it. */
export function completeHeaders(c: Context, requestId: string): void {
  const res: Marked = c.res
  if (res[COMPLETE]) return
  const headers = res.headers
  headers.set(REQUEST_ID_HEADER, requestId)
  for (const [name, value] of SECURITY_ENTRIES) if (!headers.has(name)) headers.set(name, value)
  headers.delete('x-powered-by')
}

/**
 * A response with its headers complete: `headers` (content type and the like), then the request id
 * and the security headers, in one plain object.
 */
export function completeResponse(c: Context, body: string | Uint8Array | null, status: number, headers: Record<string, string>): Response {
  const all: Record<string, string> = Object.assign({}, headers)
  const requestId = c.get('requestId') as string | undefined
  if (requestId) all[REQUEST_ID_HEADER] = requestId
  // Object.assign, not spread: spreading the frozen record costs V8 over 10 µs.
  const res: Marked = new Response(body, { status, headers: Object.assign(all, SECURITY_HEADERS) })
  res[COMPLETE] = true
  return res
}
