import type { Context } from 'hono'
import type { Logger } from 'pino'
import type { AppEnv } from '../../env.js'
import { logInfoLine } from '../../logger.js'
import type { Principal } from '../../principal.js'

/** What the access log says of one request. */
export interface AccessLine {
  requestId: string
  method: string
  path: string
  status: number
  ms: number
  principal: Principal
}

/** One structured log line per request: id, method, path, status, time, and the caller's role. */
export function logAccess(logger: Logger, line: AccessLine): void {
  if (!logger.isLevelEnabled('info')) return
  const { principal } = line
  const fields: Record<string, string | number> = {
    requestId: line.requestId,
    method: line.method,
    path: line.path,
    status: line.status,
    ms: Math.round(line.ms * 100) / 100,
    role: principal.role,
  }
  if (principal.role !== 'public') fields['tokenId'] = principal.tokenId
  logInfoLine(logger, fields, 'request')
}

/** The access-log line of a request the app answered. */
export function logRequest(c: Context<AppEnv>, ms: number): void {
  logAccess(c.get('deps').logger, { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms, principal: c.get('principal') })
}
