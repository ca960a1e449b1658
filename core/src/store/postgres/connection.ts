/**
 * Connecting to PostgreSQL: where the URL comes from (`--database-url` or $BUND_DATABASE_URL), a
 * pool whose faults never crash the process, and every connection failure as one clear code
 * (DATABASE_URL_INVALID, DATABASE_UNREACHABLE) naming the server, never the password.
 */
import pg from 'pg'
import { BundError } from '../../kernel/errors.js'

export const DATABASE_URL_ENV = 'BUND_DATABASE_URL'

/** The database URL from the command line, else the environment; undefined: the embedded store. */
export function databaseUrlFrom(flag: string | undefined): string | undefined {
  const url = flag ?? process.env[DATABASE_URL_ENV]
  return url === undefined || url.trim() === '' ? undefined : url.trim()
}

/** The URL with its password hidden, for messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password !== '') u.password = '***'
    return u.toString()
  } catch {
    return '(unparsable URL)'
  }
}

/** Checks the URL's form: postgres:// or postgresql:// with a host and a database name. */
export function checkDatabaseUrl(url: string): URL {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new BundError('DATABASE_URL_INVALID', `the database URL is not a URL; expected postgres://user@host:5432/database (from --database-url or $${DATABASE_URL_ENV})`)
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new BundError('DATABASE_URL_INVALID', `the database URL starts with ${u.protocol}//; expected postgres://user@host:5432/database`)
  }
  if (u.hostname === '' || u.pathname.length <= 1) throw new BundError('DATABASE_URL_INVALID', `the database URL ${redactedUrl(url)} names no host or no database; expected postgres://user@host:5432/database`)
  return u
}

/** Where the database is, for messages: host:port/database. */
export function describeDatabase(url: string): string {
  const u = new URL(url)
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'])
/** Server error classes that mean "this connection cannot be used": connection, auth, catalog, shutdown, resources. */
const UNREACHABLE_SQLSTATE = /^(08|28|3D|57P|53)/

/** A connection-level failure as DATABASE_UNREACHABLE; anything else (a SQL error) undefined. */
export function asConnectionFault(e: unknown, where: string): BundError | undefined {
  if (e instanceof BundError) return undefined
  const err = e as { code?: unknown; message?: unknown } | null
  const code = typeof err?.code === 'string' ? err.code : undefined
  const message = typeof err?.message === 'string' ? err.message : String(e)
  const network = code !== undefined && NETWORK_CODES.has(code)
  const server = code !== undefined && UNREACHABLE_SQLSTATE.test(code)
  const lost = /Connection terminated|timeout exceeded when trying to connect|connection timeout|Client has encountered a connection error/i.test(message)
  if (!network && !server && !lost) return undefined
  const hint =
    code === '3D000'
      ? 'the database does not exist: create it (createdb) or fix the URL'
      : code === '28P01' || code === '28000'
        ? 'the server refused the user or password in the URL'
        : network
          ? 'is PostgreSQL running there, and is the URL right?'
          : 'check that PostgreSQL is up and accepts connections'
  return new BundError('DATABASE_UNREACHABLE', `cannot use the PostgreSQL database at ${where} (${code ?? 'connection lost'}: ${message.slice(0, 200)}); ${hint}`, { ...(code ? { cause: code } : {}) })
}

export interface PoolOptions {
  /** Connections at most (default 10). */
  max?: number
  /** Milliseconds to wait for a connection (default 5000). */
  connectTimeoutMs?: number
  /**
   * Sends a client's queries without waiting for the answer to the one before (node-postgres'
   * pipeline mode; default true): the statements of one transaction that do not depend on each
   * other's results go out in one round trip. Answers still come in order, each to its query.
   */
  pipeline?: boolean
}

/**
 * A pool on `url`, checked with one round trip so a wrong URL or a stopped server fails here, as
 * DATABASE_UNREACHABLE, and not at the first write.
 */
export async function connectPool(url: string, options: PoolOptions = {}): Promise<pg.Pool> {
  checkDatabaseUrl(url)
  const where = describeDatabase(url)
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000, idleTimeoutMillis: 30_000, pipeline: options.pipeline ?? true })
  // An idle client's connection dropping (server restart) is reported to the next query; never an uncaught error.
  pool.on('error', () => undefined)
  try {
    await pool.query('SELECT 1')
  } catch (e) {
    await pool.end().catch(() => undefined)
    throw asConnectionFault(e, where) ?? new BundError('DATABASE_UNREACHABLE', `cannot use the PostgreSQL database at ${where}: ${(e as Error).message}`)
  }
  return pool
}
