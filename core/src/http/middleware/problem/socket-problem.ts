/**
 * Refusals made on the socket, before any request reaches the app: a connection over the caps, and
 * what node's HTTP parser gives up on (headers or a body that came too slowly, headers too large,
 * bytes that are no HTTP). Each answers like every other refusal — problem+json with a stable code,
 * the security headers and a request id (and Retry-After where waiting helps) — then the
 * connection is closed.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { type ErrorCode, statusOfCode } from '../../../kernel/index.js'
import { apiHeaders, requestIdFrom } from '../request-frame/index.js'
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.js'

/** Writes the problem as a whole HTTP/1.1 response and closes the connection once it is sent. */
export function refuseConnection(socket: Socket, code: ErrorCode, detail: string, options: { retryAfterSeconds?: number; instance?: string } = {}): void {
  const status = statusOfCode(code)
  const requestId = requestIdFrom(undefined)
  const retry = options.retryAfterSeconds
  const body = JSON.stringify(problemBody(code, detail, status, options.instance, requestId, retry === undefined ? {} : { retryAfterSeconds: retry }))
  const headers = apiHeaders(
    { 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': String(Buffer.byteLength(body)), connection: 'close', ...(retry === undefined ? {} : { 'retry-after': String(retry) }) },
    requestId,
  )
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
  socket.end(head + body)
  socket.destroySoon()
}

/** The server's `clientError` handler: what node would answer with an empty body, as problem+json. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // As node's own default: answer only when no response of this connection has started (else the
  // bytes would land inside it), and never on a connection the client already reset.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy()
    return
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') refuseConnection(socket, 'REQUEST_TIMEOUT', 'the request did not arrive in time (headers, or the whole request with its body); send it at once on a new connection')
  else if (error.code === 'HPE_HEADER_OVERFLOW') refuseConnection(socket, 'HEADERS_TOO_LARGE', 'the request headers are larger than the server reads; send fewer or shorter headers')
  else refuseConnection(socket, 'REQUEST_MALFORMED', `the bytes sent are not an HTTP/1.1 request the server can parse (${String(error.code ?? 'parse error').slice(0, 60)})`)
}
