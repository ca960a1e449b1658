/**
 * One call to a running Bund server's API from a command (`--server URL`, the token from `--token`
 * or $BUND_TOKEN): what an operator command does instead of opening a data directory the server holds.
 */
import { BundError, ERROR_CODES, type ErrorCode, codeOfStatus } from '../kernel/index.js'

/** The `--server` and `--token` options of a command that can act through a server. */
export const serverArgs = {
  server: { type: 'string', description: 'Act through this running Bund server instead of the data directory, e.g. http://127.0.0.1:8787', valueHint: 'url' },
  token: { type: 'string', description: 'With --server: an operator token; default $BUND_TOKEN', valueHint: 'token' },
} as const

/**
 * Sends `body` as JSON to `path` on `server`; returns the parsed answer. A refusal throws the
 * server's own code and detail; an unreachable server is FETCH_FAILED.
 */
export async function callApi(server: string, token: string | undefined, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const bearer = token ?? process.env['BUND_TOKEN']
  if (bearer === undefined || bearer === '') throw new BundError('USAGE', 'no token: pass --token or set BUND_TOKEN (an operator token)')
  let url: URL
  try {
    url = new URL(path, server)
  } catch {
    throw new BundError('USAGE', `--server ${server}: not a URL`)
  }
  let res: Response
  try {
    res = await fetch(url, { method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'error', signal: AbortSignal.timeout(30_000) })
  } catch (e) {
    throw new BundError('FETCH_FAILED', `${url.origin}: ${(e as Error).message}`)
  }
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!res.ok) {
    const given = answer['code']
    const code: ErrorCode = typeof given === 'string' && given in ERROR_CODES ? (given as ErrorCode) : codeOfStatus(res.status)
    const detail = typeof answer['detail'] === 'string' ? answer['detail'] : `HTTP ${res.status} ${res.statusText}`
    throw new BundError(code, `${url.origin}: ${detail}`)
  }
  return answer
}
