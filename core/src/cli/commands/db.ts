/**
 * `bund db migrate` applies the PostgreSQL schema's pending migrations; `bund db import <data-dir>`
 * moves an embedded store into a freshly migrated database, verified after the move. Both take the
 * database from --database-url or $BUND_DATABASE_URL. The PostgreSQL modules load only when run.
 */
import { defineCommand } from 'citty'
import { databaseUrlArg, requireDatabaseUrl } from '../options.js'

const migrate = defineCommand({
  meta: { name: 'migrate', description: 'Apply pending schema migrations (safe to run again, and from several nodes at once)' },
  args: { ...databaseUrlArg, json: { type: 'boolean', description: 'Print JSON' } },
  async run({ args }) {
    const url = await requireDatabaseUrl(args['database-url'])
    const { asConnectionFault, connectPool, describeDatabase } = await import('../../store/postgres/connection.js')
    const { migrate: apply } = await import('../../store/postgres/migrate.js')
    const { prepareQueueDatabase } = await import('../../queue/queue-database.js')
    const pool = await connectPool(url, { max: 1 })
    try {
      const r = await apply(pool)
      // The run queue's schema too (pg-boss's own, Bund's tables, the queues): nodes then change no schema.
      const queue = await prepareQueueDatabase(url).catch((e: unknown) => {
        throw asConnectionFault(e, describeDatabase(url)) ?? e
      })
      if (args.json) process.stdout.write(`${JSON.stringify({ ...r, queue })}\n`)
      else {
        for (const m of r.applied) process.stdout.write(`applied ${String(m.version).padStart(3, '0')} ${m.name}\n`)
        process.stdout.write(`${describeDatabase(url)}: schema version ${r.version}${r.applied.length === 0 ? ' (already up to date)' : ''}; run queue ready (pg-boss schema version ${queue.pgBossVersion})\n`)
      }
    } finally {
      await pool.end()
    }
  },
})

const importCommand = defineCommand({
  meta: { name: 'import', description: 'Move an embedded store (a data directory) into a migrated, empty database; verified after the move' },
  args: {
    source: { type: 'positional', description: 'The data directory to import', required: true, valueHint: 'data-dir' },
    ...databaseUrlArg,
    'artifacts-dir': { type: 'string', description: "The instance's shared artifact folder (default $BUND_ARTIFACTS_DIR, else the data directory's own artifacts/)", valueHint: 'dir' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  async run({ args }) {
    const url = await requireDatabaseUrl(args['database-url'])
    const { resolve } = await import('node:path')
    const { openEmbeddedForReading } = await import('../open-store.js')
    const { importEmbedded } = await import('../../store/postgres/import.js')
    const { describeDatabase } = await import('../../store/postgres/connection.js')
    const r = await importEmbedded(url, () => openEmbeddedForReading(resolve(args.source)), args['artifacts-dir'] === undefined ? {} : { artifactsDir: args['artifacts-dir'] })
    if (args.json) process.stdout.write(`${JSON.stringify(r)}\n`)
    else {
      process.stdout.write(
          `imported ${r.source} into ${describeDatabase(url)} and verified it there:\n` +
            `  ${r.scenarios} scenario versions, ${r.runs} runs, ${r.publications} publications (${r.signaturesVerified} signatures verified), ${r.tokens} tokens, ${r.authorKeys} author keys, ${r.acceptedRuns} accepted runs\n` +
            `  audit chain: ${r.auditEntries} entries verify; transparency log root ${r.logRoot} (same as the source)\n` +
            `  ${r.artifacts} artifacts (intact in ${r.artifactsDir}), ${r.signingKeys} signing keys in the key history\n` +
            `The private signing key and the evaluation secret stay in ${r.source}/keys/: copy that folder to every node.\n`,
      )
    }
  },
})

export default defineCommand({
  meta: { name: 'db' },
  subCommands: { migrate, import: importCommand },
})
