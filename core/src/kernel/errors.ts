/**
 * Every failure Bund reports has a stable code, a message a person can act on, and the HTTP status
 * it maps to. Codes are part of the public contract: never rename one.
 */
export const ERROR_CODES = {
  SANDBOX_TIMEOUT: 'the scenario ran past its wall-clock or CPU-time limit',
  SANDBOX_MEMORY: 'the scenario ran past its heap limit',
  SANDBOX_CRASHED: 'the sandbox worker process died',
  NODE_UNSUPPORTED: 'this Node.js line has no sandbox (isolated-vm) build, or its build is not installed',
  SCENARIO_THREW: 'the scenario threw an error',
  SCENARIO_INVALID: 'the bundle does not export a scenario',
  PARAMS_INVALID: 'the run parameters do not match the scenario',
  OUTPUT_INVALID: 'the output does not match its result kind',
  OUTPUT_TOO_LARGE: 'the output is larger than the limit',
  MANIFEST_INVALID: 'the manifest is malformed',
  BUNDLE_TAMPERED: 'the bundle does not match the hash in its manifest',
  SOURCE_MAP_INVALID: "an uploaded source map is not the bundle's: not a version 3 source map of bounded size stamped with the bundle's sha256 by bund build",
  VERSION_CONFLICT: 'that scenario version is already registered with another bundle',
  SCENARIO_NOT_FOUND: 'no such scenario',
  SCENARIO_ID_INVALID: 'a scenario id is not org/name in lower case, or its version is not a semantic version',
  BUILD_FAILED: 'the scenario could not be bundled',
  BUILD_STALE: "the scenario's dist/ is older than its src/: rebuild it (bund build)",
  USAGE: 'the command was called wrongly',
  DISPLAY_NAME_INVALID: "an org's display name is empty, too long, or has characters a name may not have (HTTP 400)",
  RULES_INVALID: 'a rule pack is malformed',
  STORE_INVALID: 'the data directory cannot be used',
  DATA_INVALID: 'the dataset request is invalid',
  STORE_LOCKED: 'another process is using the data directory',
  STATE_CONFLICT: 'the record is not in a state that allows this',
  SIGNATURE_MISSING: 'the author has a registered key but the bundle is not signed',
  SIGNATURE_INVALID: 'the bundle signature does not verify against the registered key of its author',
  KEY_INVALID: 'a key file is not an ed25519 key of the expected kind',
  PUBLICATION_TAMPERED: "a publication's signature or id does not match its content",
  ARTIFACT_TAMPERED: "a downloaded artifact's sha256 is not the one the publication names",
  KEY_MISMATCH: 'the publication or log is signed with another key than the one pinned or served',
  EVIDENCE_INVALID: 'a downloaded evidence file is not in the bund-evidence/1 shape (not JSON, or a field missing or malformed)',
  KEY_UNKNOWN: "the publication names a signing key that is not in the instance's key history (nor the pinned keys)",
  CHECKPOINT_INVALID: "the log's checkpoint is malformed or its signature does not verify",
  PROOF_INVALID: "an inclusion proof does not lead to the checkpoint's root, or its entry is not the publication's",
  LOG_FORKED: 'the log shows two different trees for one history (same size, other root; or no consistency proof)',
  LOG_SHRUNK: 'the log is smaller than a checkpoint seen before',
  ATTESTATION_INVALID: "the in-toto attestation's DSSE signature or statement does not match the publication",
  RERUN_MISMATCH: 're-running the published scenario gave another output hash',
  SCENARIO_SEALED: "the author sealed the scenario: its bundle is not public, so it cannot be re-run from outside",
  FETCH_FAILED: 'a URL could not be fetched (unreachable, timed out, or an HTTP error)',
  REDIRECT_REFUSED: 'a server redirected to another host',
  RESPONSE_TOO_LARGE: 'a response is larger than the verifier accepts',
  KEY_MISSING: 'a key or secret the data directory depends on is gone; restore it, never regenerate it',
  KEY_UNREADABLE: 'a key or secret file exists but this process may not read it',
  DISK_FULL: 'the disk holding the data directory is full; nothing was written',
  STORE_READONLY: 'the data directory is on a read-only file system; reads work, writes do not',
  STORE_PERMISSION: 'this process may not write the data directory (file permissions)',
  DATABASE_URL_INVALID: 'the database URL is not a postgres:// or postgresql:// URL',
  DATABASE_UNREACHABLE: 'the PostgreSQL database cannot be reached or refused the connection',
  DATABASE_NOT_MIGRATED: "the database's schema is missing or older than this Bund: run `bund db migrate`",
  AUDIT_BROKEN: 'the audit chain does not verify: an entry was changed, removed or reordered',
  NOT_FOUND: 'no such resource (HTTP 404)',
  UNAUTHORIZED: 'the request needs a valid bearer token (HTTP 401)',
  FORBIDDEN: "the token's role or org may not do this (HTTP 403)",
  VALIDATION_FAILED: 'the request does not match the API schema (HTTP 400)',
  BODY_TOO_LARGE: 'the request body is larger than the limit (HTTP 413)',
  QUEUE_FULL: 'the run queue is full; retry after the Retry-After delay (HTTP 429)',
  RATE_LIMITED: 'too many connections or event streams from this client, or in all; retry after the Retry-After delay (HTTP 429)',
  SERVER_BUSY: 'the server is rendering as many pages for anonymous clients as it allows at once; retry after the Retry-After delay (HTTP 503)',
  UNSUPPORTED_MEDIA_TYPE: 'the request body has a content type this route does not accept (HTTP 415)',
  REQUEST_TIMEOUT: 'the request line, headers or body did not arrive in time; the connection is closed (HTTP 408)',
  HEADERS_TOO_LARGE: 'the request headers are larger than the server reads (HTTP 431)',
  REQUEST_MALFORMED: 'the bytes sent are not an HTTP/1.1 request the server can parse (HTTP 400)',
  INTERNAL: 'an unexpected server error; the request id finds it in the log (HTTP 500)',
} as const

export type ErrorCode = keyof typeof ERROR_CODES

/** The statuses Bund's errors answer with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 422 | 429 | 431 | 500 | 502 | 503 | 507

/** The HTTP status of each error code: every code has one (the type refuses a code without). */
export const STATUS_OF_CODE: { readonly [C in ErrorCode]: ErrorStatus } = {
  VALIDATION_FAILED: 400,
  USAGE: 400,
  DISPLAY_NAME_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  SCENARIO_SEALED: 403,
  NOT_FOUND: 404,
  SCENARIO_NOT_FOUND: 404,
  SCENARIO_ID_INVALID: 400,
  VERSION_CONFLICT: 409,
  STATE_CONFLICT: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  REQUEST_MALFORMED: 400,
  MANIFEST_INVALID: 422,
  BUNDLE_TAMPERED: 422,
  SOURCE_MAP_INVALID: 400,
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
  KEY_UNKNOWN: 422,
  EVIDENCE_INVALID: 422,
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
  SERVER_BUSY: 503,
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

/** The status of a code; a string that is no Bund code (from another process or version) answers 422. */
export function statusOfCode(code: string): ErrorStatus {
  return Object.hasOwn(STATUS_OF_CODE, code) ? STATUS_OF_CODE[code as ErrorCode] : 422
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

/** Bund's one error type: `code` tells the failure class, `message` what to do about it. */
export class BundError extends Error {
  override readonly name = 'BundError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }

  /** Plain data for JSON reports and for crossing process boundaries. */
  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details }
  }
}

/** True for a BundError, optionally of one code. */
export function isBundError(e: unknown, code?: ErrorCode): e is BundError {
  return e instanceof BundError && (code === undefined || e.code === code)
}
