/**
 * What an anonymous client may make the server do. The server is one Node process: a request that
 * renders (a dashboard page, a listing, the OpenAPI document) holds the event loop while it runs,
 * and every other request, `/healthz` included, waits behind it. So for the public:
 *
 * - **Rendered once per store state.** An anonymous GET's answer is kept, keyed by the store's
 *   state (the transparency log's size: every change appends to it), the host, the path and query
 *   and, for pages, the language; the next request for it is a lookup. Concurrent requests for one
 *   answer share one render.
 * - **A bounded number of renders at once, and a bounded share of the time.** A request that is not
 *   kept (a new page, another query) takes one of `slots` render slots, and renders may take at most
 *   30% of the event loop's time (with a 30 ms burst); beyond either it is refused at once with 503
 *   SERVER_BUSY (problem+json, Retry-After) instead of queueing behind the event loop. A render
 *   starts only after the I/O already waiting (a `/healthz` among it) has had its turn. Varying the
 *   query string or the headers to miss the cache therefore costs the server a bounded share of its time.
 *
 * Callers with a bearer token are neither kept nor capped (their answers depend on who they are);
 * a dashboard request carrying a session cookie is capped but never kept (it may be an operator's
 * view). Streams (`…/events`), the PDF (its own queue), assets and `/healthz`, `/metrics` pass through.
 */
import type { Context, Env, MiddlewareHandler, Next } from 'hono'
import { LRUCache } from 'lru-cache'
import { BundError } from '../kernel/index.js'
import { requestedLocale } from './dashboard/i18n/locale.js'
import { REQUEST_ID_HEADER } from './middleware/request-frame/response-headers.js'

/** Renders of public answers at once, by default. */
export const DEFAULT_RENDER_SLOTS = 2
/** Answers kept: at most this many, this many bytes in all, and none larger than KEPT_BYTES. */
const KEPT = 256
const KEPT_TOTAL_BYTES = 32 * 1024 * 1024
const KEPT_BYTES = 1024 * 1024
/**
 * The share of the event loop renders may take over time, and how far ahead of it they may run (ms):
 * past that, a render is refused until the debt has drained, so other requests always get a turn.
 */
const RENDER_SHARE = 0.3
const RENDER_BURST_MS = 30
/** Retry-After of a refusal: a render takes milliseconds, so a second suffices. */
const BUSY_RETRY_SECONDS = 1

/** Paths that are cheap, streamed, or have caps of their own: never kept, never capped. */
const PASS = /^\/(healthz|metrics|favicon\.ico)$|^\/(assets|docs\/assets)\/|\/events$|\/report\.pdf$/

interface Kept {
  status: number
  headers: Array<[string, string]>
  body: Uint8Array
}

export interface RenderStats {
  /** Renders running now. */
  rendering: number
  /** Answers served from what was kept, rendered, and refused for want of a slot, since start. */
  hits: number
  renders: number
  refused: number
}

/** What the middleware must know of a request: whether it is anonymous, and the store's state (the transparency log's size). */
export interface RequestView<E extends Env> {
  anonymous(c: Context<E>): boolean
  storeState(c: Context<E>): Promise<number>
}

export class PublicResponses {
  /** Kept answers, least recently used first out, bounded in count and in bytes. */
  readonly #kept = new LRUCache<string, Kept>({ max: KEPT, maxSize: KEPT_TOTAL_BYTES, sizeCalculation: (kept) => Math.max(1, kept.body.byteLength) })
  readonly #inFlight = new Map<string, Promise<Kept | undefined>>()
  readonly stats: RenderStats = { rendering: 0, hits: 0, renders: 0, refused: 0 }
  /** Anonymous requests inside the middleware now (answered from what was kept, waiting, rendering). */
  #active = 0
  /** Render time not yet paid back (ms), as of `#debtAt`. */
  #debt = 0
  #debtAt = performance.now()

  constructor(readonly slots = DEFAULT_RENDER_SLOTS) {}

  /** Takes a render slot (release it when done), or throws SERVER_BUSY when all are taken. */
  acquire(): () => void {
    const now = performance.now()
    this.#debt = Math.max(0, this.#debt - (now - this.#debtAt) * RENDER_SHARE)
    this.#debtAt = now
    // The time share is enforced only when other requests are waiting: a client asking one page at a time never waits behind anyone.
    if (this.stats.rendering >= this.slots || (this.#debt > RENDER_BURST_MS && this.#active > 1)) {
      this.stats.refused++
      const why = this.stats.rendering >= this.slots ? `rendering ${this.stats.rendering} pages for other clients, its limit` : 'spending as much of its time on rendering pages as it allows'
      throw new BundError('SERVER_BUSY', `the server is ${why}; retry in ${BUSY_RETRY_SECONDS} s (pages already rendered are served at once)`, { retryAfterSeconds: BUSY_RETRY_SECONDS })
    }
    this.stats.rendering++
    let released = false
    return () => {
      if (released) return
      released = true
      this.stats.rendering--
      // Wall time, so a render that waited on I/O is charged for it too: the cap errs on the safe side.
      this.#debt += Math.min(performance.now() - now, 1000)
    }
  }

  /** The middleware; mount it after authentication. */
  middleware<E extends Env>(view: RequestView<E>): MiddlewareHandler<E> {
    return async (c, next) => {
      // HEAD is a GET without the body (hono renders it all the same), so it is kept and capped alike.
      if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !view.anonymous(c) || PASS.test(c.req.path)) return next()
      this.#active++
      try {
        await this.#answer(c, next, view)
      } finally {
        this.#active--
      }
    }
  }

  async #answer<E extends Env>(c: Context<E>, next: Next, view: RequestView<E>): Promise<void> {
    const signedIn = /bund_session=/.test(c.req.header('cookie') ?? '')
    const key = signedIn ? undefined : await this.#keyOf(c, view)
    if (key !== undefined) {
      const hit = this.#kept.get(key)
      if (hit !== undefined) {
        this.stats.hits++
        c.res = replay(hit)
        return
      }
      const pending = this.#inFlight.get(key)
      if (pending !== undefined) {
        const shared = await pending
        if (shared !== undefined) {
          this.stats.hits++
          c.res = replay(shared)
          return
        }
      }
    }
    const release = this.acquire()
    this.stats.renders++
    let settle: (kept: Kept | undefined) => void = () => undefined
    if (key !== undefined) this.#inFlight.set(key, new Promise((resolve) => (settle = resolve)))
    let kept: Kept | undefined
    try {
      // Requests already waiting (a /healthz among them) go first.
      await new Promise((resolve) => setImmediate(resolve))
      await next()
      if (key !== undefined) {
        kept = await keepable(c)
        if (kept !== undefined) {
          c.res = replay(kept)
          this.#kept.set(key, kept)
        }
      }
    } finally {
      release()
      if (key !== undefined) this.#inFlight.delete(key)
      settle(kept)
    }
  }

  /** The key of a public answer: store state, host, path and query, and a page's language. */
  async #keyOf<E extends Env>(c: Context<E>, view: RequestView<E>): Promise<string | undefined> {
    let state: number
    try {
      state = await view.storeState(c)
    } catch {
      return undefined
    }
    const url = new URL(c.req.url)
    const page = !url.pathname.startsWith('/api/') && url.pathname !== '/openapi.json'
    return `${state}|${url.host}|${page ? requestedLocale(c) : ''}|${url.pathname}${url.search}`
  }
}

/** The answer read whole, if it may be kept for others: a 200 or 404, not a private page, not a stream, not large. */
async function keepable(c: Context): Promise<Kept | undefined> {
  const res = c.res
  if ((res.status !== 200 && res.status !== 404) || res.body === null) return undefined
  const type = res.headers.get('content-type') ?? ''
  // A page marked no-store is someone's own view (the sign-in form, an operator's page).
  if (type.startsWith('text/event-stream') || (type.startsWith('text/html') && /no-store|private/.test(res.headers.get('cache-control') ?? ''))) return undefined
  const length = Number(res.headers.get('content-length') ?? 0)
  if (length > KEPT_BYTES) return undefined
  const body = new Uint8Array(await res.arrayBuffer())
  const headers = [...res.headers].filter(([name]) => name !== REQUEST_ID_HEADER && name !== 'content-length')
  const kept = { status: res.status, headers, body }
  // Read whole, the body is gone from the response: give it back even when it is too large to keep.
  if (body.byteLength > KEPT_BYTES) {
    c.res = replay(kept)
    return undefined
  }
  return kept
}

function replay(kept: Kept): Response {
  return new Response(kept.body.byteLength === 0 ? null : kept.body, { status: kept.status, headers: kept.headers })
}
