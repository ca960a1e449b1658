/**
 * RFC 9457 problem details: every 4xx and 5xx the API sends is `application/problem+json` with the
 * stable Bund error `code`, the request id, and for validation failures the fields at fault.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ERROR_CODES, type ErrorCode } from '../../../errors.js'
import { completeResponse } from '../request-frame/index.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** The HTTP status of each error code. A code missing here answers 422 (see the unit test). */
export const STATUS_OF_CODE: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  VALIDATION_FAILED: 400,
  USAGE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  SCENARIO_SEALED: 403,
  NOT_FOUND: 404,
  SCENARIO_NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  STATE_CONFLICT: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MANIFEST_INVALID: 422,
  BUNDLE_TAMPERED: 422,
  SCENARIO_INVALID: 422,
  SCENARIO_THREW: 422,
  PARAMS_INVALID: 422,
  OUTPUT_INVALID: 422,
  OUTPUT_TOO_LARGE: 422,
  SANDBOX_TIMEOUT: 422,
  SANDBOX_MEMORY: 422,
  BUILD_FAILED: 422,
  BUILD_STALE: 409,
  RULES_INVALID: 422,
  DATA_INVALID: 422,
  SIGNATURE_MISSING: 422,
  SIGNATURE_INVALID: 422,
  KEY_INVALID: 422,
  // What a verifier reports about a server it checked: never a server's own answer, but explicit.
  PUBLICATION_TAMPERED: 422,
  ARTIFACT_TAMPERED: 422,
  KEY_MISMATCH: 422,
  CHECKPOINT_INVALID: 422,
  PROOF_INVALID: 422,
  ATTESTATION_INVALID: 422,
  RERUN_MISMATCH: 422,
  LOG_FORKED: 409,
  LOG_SHRUNK: 409,
  FETCH_FAILED: 502,
  REDIRECT_REFUSED: 502,
  RESPONSE_TOO_LARGE: 502,
  QUEUE_FULL: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORE_INVALID: 500,
  STORE_LOCKED: 503,
  KEY_MISSING: 503,
  KEY_UNREADABLE: 503,
  DISK_FULL: 507,
  STORE_READONLY: 503,
  STORE_PERMISSION: 503,
  DATABASE_URL_INVALID: 500,
  DATABASE_UNREACHABLE: 503,
  DATABASE_NOT_MIGRATED: 503,
  AUDIT_BROKEN: 500,
  SANDBOX_CRASHED: 503,
  NODE_UNSUPPORTED: 500,
}

export function statusOfCode(code: string): ContentfulStatusCode {
  return STATUS_OF_CODE[code as ErrorCode] ?? 422
}

/** The code an HTTP status stands for when no Bund error named one (hono's own refusals). */
export function codeOfStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHORIZED'
  if (status === 403) return 'FORBIDDEN'
  if (status === 404 || status === 405) return 'NOT_FOUND'
  if (status === 413) return 'BODY_TOO_LARGE'
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE'
  if (status === 429) return 'QUEUE_FULL'
  if (status >= 500) return 'INTERNAL'
  return 'VALIDATION_FAILED'
}

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  code: string
  instance: string
  requestId?: string
  /** The fields at fault, for VALIDATION_FAILED. */
  errors?: Array<{ field: string; message: string }>
  [extension: string]: unknown
}

/** Builds the problem response; server errors never carry the internal message. */
export function problem(c: Context, code: string, detail: string, extra: Record<string, unknown> = {}, status = statusOfCode(code), headers: Record<string, string> = {}): Response {
  const requestId = c.get('requestId') as string | undefined
  const body: ProblemBody = {
    type: `urn:bund:error:${code}`,
    title: ERROR_CODES[code as ErrorCode] ?? code,
    status,
    detail: status >= 500 ? `the server could not complete this request${requestId ? `; quote request id ${requestId}` : ''}` : detail,
    code,
    instance: c.req.path,
    ...(requestId ? { requestId } : {}),
    ...extra,
  }
  return completeResponse(c, JSON.stringify(body), status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
}
