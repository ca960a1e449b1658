import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { defineCommand } from 'citty'
import type { Logger } from 'pino'
import type { RulePack } from '../../compliance/rule-pack.js'
import { BundError } from '../../kernel/index.js'
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_QUEUE_CAPACITY } from '../../http/defaults.js'
import type { RunningServer } from '../../http/server.js'
import type { RunQueue } from '../../queue/run-queue.js'
import { MAX_PAGE_LIMIT, type Store } from '../../store/store.js'
import { dataDir, dataDirArg, databaseUrlArg, databaseUrlOf, logLevelArg, parseInteger, parseLogLevel, parseSeed } from '../options.js'
import { dim, formatRunLine } from '../report.js'
import { builtinScenarioDirs } from '../resolve-scenario.js'

/** Publishes each built-in scenario on the seed, unless the store already has that exact publication. */
async function publishBuiltins(store: Store, rulePacks: RulePack[], seed: number): Promise<void> {
  const [{ loadScenarioDir }, { runScenario }, { workerEntry }, { WorkerPool }] = await Promise.all([import('../../manifest/load.js'), import('../../runner/run-scenario.js'), import('../../runner/worker-protocol.js'), import('../../sandbox/pool.js')])
  const dirs = builtinScenarioDirs().filter((d) => existsSync(join(d, 'dist', 'manifest.json')))
  process.stdout.write(`Publishing ${dirs.length} built-in scenario(s) on seed ${seed}\n`)
  const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
  try {
    for (const dir of dirs) {
      const scenario = loadScenarioDir(dir)
      const { id, version, bundle } = { ...scenario.manifest, bundle: scenario.manifest.bundle.sha256 }
      const existing = (await store.listPublications({ scenario: id, version, limit: MAX_PAGE_LIMIT })).items.find((p) => p.bundleSha256 === bundle && p.seed === seed && p.rows === null)
      if (existing !== undefined) {
        process.stdout.write(`  ${`${id}@${version}`.padEnd(40)} ${dim(`already published as ${existing.id}`)}\n`)
        continue
      }
      const report = await runScenario(store, pool, { scenario, seed, rulePacks, actor: 'system' })
      process.stdout.write(`${formatRunLine(report)}\n`)
    }
  } finally {
    await pool.close()
  }
}

export default defineCommand({
  meta: { name: 'serve' },
  args: {
    port: { type: 'string', description: `Port (default ${DEFAULT_PORT}; 0 picks a free one)`, valueHint: 'P' },
    host: { type: 'string', description: `Address to listen on (default ${DEFAULT_HOST})`, valueHint: 'H' },
    concurrency: { type: 'string', description: 'Runs at once, one sandbox worker each (default: the number of cores)', valueHint: 'N' },
    queue: { type: 'string', description: `Runs that may wait before submissions get 429 (default ${DEFAULT_QUEUE_CAPACITY})`, valueHint: 'N' },
    builtin: { type: 'boolean', description: 'First publish the built-in scenarios (as bund demo does), skipping those already published' },
    seed: { type: 'string', description: 'Seed for --builtin (default 1)', valueHint: 'N' },
    ...logLevelArg,
    ...databaseUrlArg,
    ...dataDirArg,
  },
  async run({ args }) {
    // The server, the store and the sandbox are loaded only to serve, not for `bund serve --help`.
    const [{ loadRulePacks }, { startServer }, { createServerLogger }, { issueToken }, { openStore }] = await Promise.all([
      import('../../compliance/rule-pack.js'),
      import('../../http/server.js'),
      import('../../http/logger.js'),
      import('../../http/tokens.js'),
      import('../../store/index.js'),
    ])
    const port = parseInteger('port', args.port, 0, 65535) ?? DEFAULT_PORT
    const concurrency = parseInteger('concurrency', args.concurrency, 1, 256)
    const queueCapacity = parseInteger('queue', args.queue, 0, 100_000)
    const seed = parseSeed(args.seed)
    const level = parseLogLevel(args['log-level'])
    const databaseUrl = await databaseUrlOf(args['database-url'])
    const rulePacks = loadRulePacks()
    const dir = dataDir(args['data-dir'])
    const logger: Logger = createServerLogger({ level })
    // With a database: the PostgreSQL store and the durable queue (runs go to `bund worker`s).
    // Without: the embedded store; a full, read-only or foreign disk does not stop the server: it serves reads and refuses writes with the fault's code.
    const { store, queue } = databaseUrl !== undefined ? await openDatabase(databaseUrl, dir, queueCapacity ?? DEFAULT_QUEUE_CAPACITY, logger) : { store: await openStore(dir, { readsOnWriteFault: true }), queue: undefined }
    let server: RunningServer | undefined
    try {
      const shown = relative(process.cwd(), dir)
      process.stdout.write(databaseUrl !== undefined ? `Bund: database ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}, keys in ${shown === '' || shown.startsWith('..') ? dir : shown}\n` : `Bund: data directory ${shown === '' || shown.startsWith('..') ? dir : shown}\n`)
      const fault = store.writeFault()
      if (fault !== undefined) process.stderr.write(`bund: ${fault.code}: ${fault.message}\nServing reads only; writes (runs, uploads, tokens) answer ${fault.code} until the server is restarted with a writable data directory.\n`)
      for (const m of await store.missingSegments()) process.stderr.write(`bund: a sealed segment is missing (${m.count} ${m.log}); the store is served without them. Run \`bund doctor\`.\n`)
      if (fault === undefined && !(await store.listTokens()).some((t) => t.role === 'operator' && t.revokedAt === undefined)) {
        const { token, record } = await issueToken(store, { role: 'operator', label: 'first start' }, 'system')
        process.stdout.write(`\nNo operator token yet; issued ${record.id}. It is shown only this once, keep it secret:\n\n  ${token}\n\n`)
      }
      if (args.builtin && fault === undefined) await publishBuiltins(store, rulePacks, seed)
      server = await startServer({
        store,
        ...(queue ? { queue } : {}),
        host: args.host ?? DEFAULT_HOST,
        port,
        rulePacks,
        logger,
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(queueCapacity !== undefined ? { queueCapacity } : {}),
      })
    } catch (e) {
      await queue?.close()
      await store.close()
      throw e
    }
    const { url } = server
    const stats = server.deps.queue.stats()
    const runsWhere = queue ? `runs by \`bund worker\`s (${stats.workersAlive ?? 0} alive now)` : `${stats.concurrency} worker(s)`
    process.stdout.write(`\nBund API on ${url}  (dashboard ${url}/, docs ${url}/docs, OpenAPI ${url}/openapi.json; ${runsWhere}, queue ${stats.capacity}). Ctrl-C stops it.\n\n`)
    const running = server
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`bund: ${signal} again, exiting now\n`)
        process.exit(130)
      }
      stopping = true
      process.stderr.write(queue ? `\nbund: ${signal}: stopping (runs stay queued in the database)\n` : `\nbund: ${signal}: stopping (waiting runs stay accepted and resume at the next start; running ones are ended and recorded as failed)\n`)
      running
        .close()
        .then(() => store.close())
        .then(
          () => process.exit(0),
          (e: unknown) => {
            process.stderr.write(`bund: INTERNAL: shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`)
            process.exit(1)
          },
        )
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  },
})

/** The PostgreSQL store and the durable run queue on the same database. */
async function openDatabase(url: string, dir: string, capacity: number, logger: Logger): Promise<{ store: Store; queue: RunQueue }> {
  const [{ PgStore }, { DurableRunQueue }] = await Promise.all([import('../../store/postgres/index.js'), import('../../queue/index.js')])
  const store = await PgStore.open(url, dir)
  try {
    const queue = await DurableRunQueue.open({
      databaseUrl: url,
      capacity,
      persistence: store,
      runCounts: () => store.countRuns(),
      logger,
    })
    return { store, queue }
  } catch (e) {
    await store.close()
    throw e
  }
}
