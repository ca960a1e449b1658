/**
 * Versioned migrations: applied in order, each recorded in `bund_migrations`, all in one
 * transaction under an advisory lock, so two `bund db migrate` at once apply each migration once
 * (the second waits, then finds nothing to do) and a failed one leaves the schema as it was.
 */
import type pg from 'pg'
import { BundError } from '../../kernel/errors.js'
import { MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations/index.js'

export const MIGRATIONS_TABLE = 'bund_migrations'
/** The advisory lock key of migrations ("bund" + 1). */
const MIGRATE_LOCK = 0x62756e6401n

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  applied: Array<Pick<Migration, 'version' | 'name'>>
  /** The schema version now. */
  version: number
}

export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK.toString()])
    await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${MIGRATIONS_TABLE}`)).rows.map((r) => r.version))
    const newest = Math.max(0, ...done)
    if (newest > SCHEMA_VERSION) throw tooNew(newest)
    const applied: MigrateResult['applied'] = []
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue
      await client.query(m.sql)
      await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name) VALUES ($1, $2)`, [m.version, m.name])
      applied.push({ version: m.version, name: m.name })
    }
    await client.query('COMMIT')
    return { applied, version: Math.max(newest, ...applied.map((a) => a.version)) }
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  } finally {
    client.release()
  }
}

/** The applied schema version (0: never migrated). */
export async function schemaVersion(pool: pg.Pool): Promise<number> {
  const exists = await pool.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [MIGRATIONS_TABLE])
  if (exists.rows[0]?.t === null || exists.rows[0]?.t === undefined) return 0
  const r = await pool.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${MIGRATIONS_TABLE}`)
  return r.rows[0]?.v ?? 0
}

/** Refuses a database whose schema is missing or older (DATABASE_NOT_MIGRATED) or newer (STORE_INVALID) than this Bund's. */
export async function requireMigrated(pool: pg.Pool, where: string): Promise<void> {
  const v = await schemaVersion(pool)
  if (v > SCHEMA_VERSION) throw tooNew(v)
  if (v < SCHEMA_VERSION) {
    throw new BundError(
      'DATABASE_NOT_MIGRATED',
      `the database at ${where} has schema version ${v}, this Bund needs ${SCHEMA_VERSION}: run \`bund db migrate\` (with the same --database-url) first`,
      { version: v, needed: SCHEMA_VERSION },
    )
  }
}

function tooNew(version: number): BundError {
  return new BundError('STORE_INVALID', `the database has schema version ${version}, newer than this Bund understands (${SCHEMA_VERSION}); upgrade Bund. Nothing was changed.`)
}
