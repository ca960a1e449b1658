/**
 * Anonymous reads of one publication, answered before hono. It is the API's hottest route: public,
 * immutable once published, with no token to check. Answered straight from Node's request, it
 * costs the server about a quarter less CPU (test/bench/RESULTS.md). Only the plain case is taken
 * here: a GET of an id that exists, with no query and no Authorization header. Everything else (a
 * token, a bad or unknown id, HEAD) goes on to the app, whose route gives the same body, headers,
 * log line and metrics.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { API_PREFIX } from './app.js'
import type { AppDeps } from './env.js'
import { REQUEST_ID_HEADER, apiHeaders, logAccess, requestIdFrom } from './middleware/request-frame/index.js'
import type { Principal } from './principal.js'
import { publicationJson } from './routes/publication-json.js'
import { PUB_ID } from './routes/publications.js'

const PREFIX = `${API_PREFIX}/publications/`
/** The route's pattern, as the app's metrics name it. */
export const PUBLICATION_ROUTE = `${PREFIX}:id`
const PUBLIC: Principal = { role: 'public' }

/** A request listener's first step: true when it answered the request, false to leave it to the app. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>

/** An anonymous GET of one publication by a well-formed id: the only request the fast path may answer. */
export function isFastPathCandidate(req: IncomingMessage): boolean {
  const url = req.url
  return req.method === 'GET' && url !== undefined && url.startsWith(PREFIX) && req.headers.authorization === undefined && PUB_ID.test(url.slice(PREFIX.length))
}

export function publicationFastPath(deps: AppDeps): FastPath {
  const answer: FastPath = async (req, res) => {
    const started = performance.now()
    const url = req.url
    if (!isFastPathCandidate(req)) return false
    const id = (url as string).slice(PREFIX.length)
    const publication = await deps.store.getPublication(id)
    if (publication === undefined) return false
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER] as string | undefined)
    const body = publicationJson(publication)
    res.writeHead(200, apiHeaders({ 'content-type': 'application/json', 'content-length': String(body.byteLength) }, requestId))
    res.end(body)
    const ms = performance.now() - started
    deps.metrics.observeRequest('GET', PUBLICATION_ROUTE, 200, ms / 1000)
    logAccess(deps.logger, { requestId, method: 'GET', path: url as string, status: 200, ms, principal: PUBLIC })
    return true
  }
  return async (req, res) => {
    try {
      return await answer(req, res)
    } catch (e) {
      // Nothing here should throw; if it does, the app answers (or the response already went out).
      deps.logger.error({ err: e, path: req.url }, 'publication fast path failed')
      return res.headersSent
    }
  }
}
