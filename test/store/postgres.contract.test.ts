/**
 * The store contract on PostgreSQL: each test gets its own freshly created and migrated database
 * (dropped afterwards) and a node directory for its keys. Skipped with a note without PostgreSQL;
 * in CI a missing PostgreSQL fails the suite.
 */
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { PgStore, connectPool, migrate } from '@bund/core/postgres'
import { tempDir } from '../helpers/cli.js'
import { describePostgres, freshDatabase } from '../helpers/postgres.js'
import { describeStoreContract } from './contract.js'

describePostgres('PostgreSQL store', () => {
  describeStoreContract('postgres', async () => {
    const db = await freshDatabase()
    const pool = await connectPool(db.url)
    await migrate(pool)
    await pool.end()
    const dir = tempDir()
    const artifactsDir = join(dir, 'artifacts')
    const made = {
      store: await PgStore.open(db.url, dir),
      cleanup: async () => {
        await db.drop()
        rmSync(dir, { recursive: true, force: true })
      },
      reopen: () => PgStore.open(db.url, dir),
      // The entry's stored JSON is changed in the database, behind the store's back.
      tamperAudit: async (seq: number) => {
        const admin = await connectPool(db.url)
        try {
          await admin.query(`UPDATE audit SET entry = replace(entry, '"actor":"', '"actor":"someone else ') WHERE seq = $1`, [seq])
        } finally {
          await admin.end()
        }
        return made.store
      },
      // A second node: its own directory with a copy of the instance's keys/, the shared artifact folder.
      secondWriter: async () => {
        const other = tempDir()
        cpSync(join(dir, 'keys'), join(other, 'keys'), { recursive: true })
        return PgStore.open(db.url, other, { artifactsDir })
      },
    }
    return made
  })
})
