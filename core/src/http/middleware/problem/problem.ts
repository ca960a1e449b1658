/**
 * RFC 9457 problem details: every 4xx and 5xx the API sends is `application/problem+json` with the
 * stable Bund error `code`, the request id, and for validation failures the fields at fault.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ERROR_CODES, type ErrorCode, statusOfCode } from '../../../kernel/index.js'
import { completeResponse } from '../request-frame/index.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  code: string
  /** The request's path; absent when the refusal came before a request line was read. */
  instance?: string
  requestId?: string
  /** The fields at fault, for VALIDATION_FAILED. */
  errors?: Array<{ field: string; message: string }>
  [extension: string]: unknown
}

/** The problem body; server errors never carry the internal message. */
export function problemBody(code: string, detail: string, status: number, instance: string | undefined, requestId: string | undefined, extra: Record<string, unknown> = {}): ProblemBody {
  return {
    type: `urn:bund:error:${code}`,
    title: ERROR_CODES[code as ErrorCode] ?? code,
    status,
    detail: status >= 500 && code !== 'SERVER_BUSY' ? `the server could not complete this request${requestId ? `; quote request id ${requestId}` : ''}` : detail,
    code,
    ...(instance !== undefined ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...extra,
  }
}

/** Builds the problem response. */
export function problem(c: Context, code: string, detail: string, extra: Record<string, unknown> = {}, status: ContentfulStatusCode = statusOfCode(code), headers: Record<string, string> = {}): Response {
  const body = problemBody(code, detail, status, c.req.path, c.get('requestId') as string | undefined, extra)
  return completeResponse(c, JSON.stringify(body), status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
}
