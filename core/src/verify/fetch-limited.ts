/**
 * Fetching what a verifier reads from a server it does not trust: http(s) only, a time limit per
 * request, a byte limit per response (counted while reading, whatever Content-Length says), and
 * redirects followed only within the same origin (scheme, host and port).
 */
import { BundError } from '../kernel/index.js'

export interface FetchLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number
  /** Whole request, headers and body, in milliseconds. */
  timeoutMs: number
}

const MAX_REDIRECTS = 5

/** Parses a URL the verifier may fetch: http or https, nothing else. */
export function httpUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new BundError('USAGE', `"${text.slice(0, 200)}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BundError('USAGE', `only http and https URLs are fetched, not ${url.protocol}`)
  if (url.username !== '' || url.password !== '') throw new BundError('USAGE', 'a URL with a user name or password is not fetched')
  return url
}

export async function fetchLimited(url: URL, limits: FetchLimits): Promise<Buffer> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  let current = url
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(current, { redirect: 'manual', signal, headers: { accept: 'application/json, text/plain, */*' } })
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel()
        const next = new URL(response.headers.get('location') as string, current)
        if (next.origin !== url.origin) throw new BundError('REDIRECT_REFUSED', `${current.href} redirects to ${next.origin}, another host than ${url.origin}`)
        if (hop >= MAX_REDIRECTS) throw new BundError('FETCH_FAILED', `${url.href}: more than ${MAX_REDIRECTS} redirects`)
        current = next
        continue
      }
      if (!response.ok) {
        await response.body?.cancel()
        throw new BundError(response.status === 404 ? 'NOT_FOUND' : 'FETCH_FAILED', `${current.href} answered HTTP ${response.status}`, { status: response.status })
      }
      return await readBounded(response, current, limits.maxBytes)
    }
  } catch (e) {
    if (e instanceof BundError) throw e
    if (signal.aborted) throw new BundError('FETCH_FAILED', `${current.href} did not answer within ${limits.timeoutMs / 1000} s`)
    const cause = (e as { cause?: { code?: string } }).cause?.code
    throw new BundError('FETCH_FAILED', `${current.href} is unreachable${cause ? ` (${cause})` : ''}`)
  }
}

async function readBounded(response: Response, url: URL, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    await response.body?.cancel()
    throw new BundError('RESPONSE_TOO_LARGE', `${url.href} is ${declared} bytes; at most ${maxBytes} are read`)
  }
  const chunks: Buffer[] = []
  let total = 0
  if (response.body === null) return Buffer.alloc(0)
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new BundError('RESPONSE_TOO_LARGE', `${url.href} sent more than ${maxBytes} bytes`)
    }
    chunks.push(Buffer.from(value))
  }
  return Buffer.concat(chunks)
}
