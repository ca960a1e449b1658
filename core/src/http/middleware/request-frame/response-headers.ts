/**
 * Request ids and security headers, computed once at start-up.
 *
 * Every response carries `x-request-id` (the caller's, if it is a sane id, else a fresh UUID, as
 * hono's requestId middleware does) and security headers, each where the handler did not set its
 * own (the dashboard sets a stricter CSP, an artifact its immutable caching). Which headers follows
 * OWASP's REST Security Cheat Sheet: API responses get the set it lists for all API responses;
 * HTML documents (the docs page) get hono's secureHeaders defaults, whose other headers only act on
 * documents. Setting headers one by one on a fetch `Headers` object costs more than the rest of a
 * small request; a hot route can instead build its response with `completeResponse`, whose plain
 * header object already holds them and goes to the socket as is.
 */
import type { Context } from 'hono'

/** For every API response (JSON, problem+json, assets): not cached, not framed, not sniffed, no referrer. */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
})

/** For HTML documents: hono's secureHeaders defaults (Cross-Origin-Embedder-Policy off), and a CSP for the docs page (which needs inline styles). */
export const DOCUMENT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
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
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
})
const API_ENTRIES = Object.entries(API_HEADERS)
const DOCUMENT_ENTRIES = Object.entries(DOCUMENT_HEADERS)

export const REQUEST_ID_HEADER = 'x-request-id'
const MAX_REQUEST_ID = 100
const UNSAFE_ID = /[^\w\-=]/

/** Marks a response that already carries the request id and the security headers. */
const COMPLETE = Symbol('bund.completeResponse')
type Marked = Response & { [COMPLETE]?: true }

/** The caller's request id (`given`) if it is a sane one, else a fresh UUID. */
export function requestIdFrom(given: string | undefined): string {
  return given === undefined || given === '' || given.length > MAX_REQUEST_ID || UNSAFE_ID.test(given) ? crypto.randomUUID() : given
}

/** The request id of a request: the caller's if it is a sane one, else a fresh UUID. */
export function requestIdOf(c: Context): string {
  return requestIdFrom(c.req.header(REQUEST_ID_HEADER))
}

/** Gives the response the request id and the security headers, unless `completeResponse` built it. */
export function completeHeaders(c: Context, requestId: string): void {
  const res: Marked = c.res
  if (res[COMPLETE]) return
  const headers = res.headers
  headers.set(REQUEST_ID_HEADER, requestId)
  const entries = headers.get('content-type')?.startsWith('text/html') ? DOCUMENT_ENTRIES : API_ENTRIES
  for (const [name, value] of entries) if (!headers.has(name)) headers.set(name, value)
  headers.delete('x-powered-by')
}

/** An API response's headers in one plain object: the security headers, `headers` (content type and the like; they win), and the request id. */
export function apiHeaders(headers: Record<string, string>, requestId: string | undefined): Record<string, string> {
  // Object.assign, not spread: spreading the frozen record costs V8 over 10 µs.
  const all: Record<string, string> = Object.assign({}, API_HEADERS, headers)
  if (requestId) all[REQUEST_ID_HEADER] = requestId
  return all
}

/** An API response with its headers complete (`apiHeaders`), which the frame then leaves as they are. */
export function completeResponse(c: Context, body: string | Uint8Array | null, status: number, headers: Record<string, string>): Response {
  const res: Marked = new Response(body, { status, headers: apiHeaders(headers, c.get('requestId') as string | undefined) })
  res[COMPLETE] = true
  return res
}
