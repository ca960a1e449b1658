/**
 * Artifacts in PostgreSQL: bytea keyed by their sha256, written once (a second put of the same
 * bytes is a no-op), re-hashed on every read. In the database rather than a shared file system so
 * every API node and worker reaches them with nothing but the database URL, and a backup of the
 * database is a backup of everything a publication names. (Outputs are capped by the run's limits,
 * far below bytea's 1 GB.)
 */
import type pg from 'pg'
import { BundError } from '../../kernel/errors.js'
import { sha256 } from '../../kernel/hash.js'

const HEX64 = /^[0-9a-f]{64}$/

export class PgArtifacts {
  constructor(
    readonly pool: pg.Pool,
    readonly where: string,
  ) {}

  /** Stores bytes; returns their sha256. */
  async put(data: string | Uint8Array): Promise<string> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    const hash = sha256(bytes)
    await this.pool.query('INSERT INTO artifacts (sha256, size, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [hash, bytes.length, bytes])
    return hash
  }

  /** Reads an artifact, checking its bytes still hash to its name. */
  async get(hash: string): Promise<Buffer> {
    if (!HEX64.test(hash)) throw new BundError('STORE_INVALID', `not an artifact hash: ${hash}`)
    const r = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM artifacts WHERE sha256 = $1', [hash])
    const bytes = r.rows[0]?.bytes
    if (bytes === undefined) throw new BundError('STORE_INVALID', `artifact ${hash} is missing from the database at ${this.where}`)
    const actual = sha256(bytes)
    if (actual !== hash) throw new BundError('STORE_INVALID', `artifact ${hash} is corrupt: its bytes hash to ${actual}`)
    return bytes
  }

  async has(hash: string): Promise<boolean> {
    if (!HEX64.test(hash)) return false
    return (await this.pool.query('SELECT 1 FROM artifacts WHERE sha256 = $1', [hash])).rowCount === 1
  }
}
