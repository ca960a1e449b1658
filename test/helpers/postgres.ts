/**
 * PostgreSQL for tests: each test file makes its own database (`bund_test_<random>`) on the server
 * at 127.0.0.1:5432 (trust auth, user postgres; $BUND_TEST_DATABASE_URL overrides the admin URL)
 * and drops it afterwards, so engineers and files never share tables. Without a server the suites
 * skip with a visible note — except in CI ($CI set), where a missing PostgreSQL is a failure.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, it } from 'vitest'

export const ADMIN_URL = process.env.BUND_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (e) {
    return (e as Error).message
  } finally {
    await client.end().catch(() => undefined)
  }
}

const unreachable = await reachable()

/** `describe` for a suite that needs PostgreSQL: skipped with a note on a machine without it, failing in CI. */
export function describePostgres(name: string, suite: () => void): void {
  if (unreachable === undefined) {
    describe(name, suite)
  } else if (process.env.CI) {
    describe(name, () => {
      it('needs PostgreSQL at 127.0.0.1:5432 (CI must run the PostgreSQL suites)', () => {
        throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL}: ${unreachable}`)
      })
    })
  } else {
    process.stderr.write(`NOTE: skipping "${name}": no PostgreSQL at ${ADMIN_URL} (${unreachable}); CI runs it.\n`)
    describe.skip(name, suite)
  }
}

/** Runs one statement on the admin database. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

export interface TestDatabase {
  url: string
  name: string
  drop(): Promise<void>
}

/** `$BUND_TEST_DATABASE_TAG` (letters, digits, `_`) goes into every database name, so engineers sharing one server can tell theirs apart. */
const TAG = /^[a-z0-9_]{1,20}$/.test(process.env.BUND_TEST_DATABASE_TAG ?? '') ? `${process.env.BUND_TEST_DATABASE_TAG}_` : ''

/** A new, empty database; `drop()` removes it (closing whatever still connects to it). */
export async function freshDatabase(): Promise<TestDatabase> {
  const name = `bund_test_${TAG}${randomBytes(6).toString('hex')}`
  await admin(`CREATE DATABASE ${name}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return { url: url.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}

/** Drops a role a test made (after the databases it had rights in are dropped). */
export async function dropRole(name: string): Promise<void> {
  if (!/^bund_test_[a-z0-9_]+$/.test(name)) throw new Error(`not a test role: ${name}`)
  await admin(`DROP ROLE IF EXISTS ${name}`)
}
