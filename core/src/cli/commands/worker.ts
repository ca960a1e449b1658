/**
 * `bund worker`: takes accepted runs from the durable queue on PostgreSQL and carries them out in
 * its own sandbox processes, on any machine that reaches the database (run as many as you like).
 * SIGTERM or SIGINT: takes no new run, lets the running ones finish, then exits; a second signal
 * exits at once (its runs are handed back to the queue by the other workers).
 */
import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { dataDir, dataDirArg, databaseUrlArg, logLevelArg, parseInteger, parseLogLevel, requireDatabaseUrl } from '../options.js'

export default defineCommand({
  meta: { name: 'worker' },
  args: {
    ...databaseUrlArg,
    concurrency: { type: 'string', description: 'Runs at once, one sandbox process each (default: the number of cores)', valueHint: 'N' },
    ...logLevelArg,
    ...dataDirArg,
  },
  async run({ args }) {
    const url = await requireDatabaseUrl(args['database-url'])
    const concurrency = parseInteger('concurrency', args.concurrency, 1, 256)
    const level = parseLogLevel(args['log-level'])
    const [{ availableParallelism }, { loadRulePacks }, { createServerLogger, flushLogger }, { PgStore }, { RunWorker }, { runAccepted, outcomeOf }, { workerEntry }, { WorkerPool }] = await Promise.all([
      import('node:os'),
      import('../../compliance/rule-pack.js'),
      import('../../http/logger.js'),
      import('../../store/postgres/index.js'),
      import('../../queue/index.js'),
      import('../../runner/run-accepted.js'),
      import('../../runner/worker-protocol.js'),
      import('../../sandbox/pool.js'),
    ])
    const size = concurrency ?? availableParallelism()
    const logger = createServerLogger({ level })
    const rulePacks = loadRulePacks()
    const store = await PgStore.open(url, dataDir(args['data-dir']))
    const pool = new WorkerPool({ entry: workerEntry(), size })
    const worker = new RunWorker({
      databaseUrl: url,
      concurrency: size,
      persistence: store,
      isRecorded: async (id) => (await store.getRun(id)) !== undefined,
      execute: async (run, onProgress, along) => {
        const report = await runAccepted(store, pool, rulePacks, run, onProgress, (record, publication, actor) => store.recordRun(record, publication, actor, along))
        logger.info({ runId: run.id, scenario: run.scenario, version: run.version, status: report.status, ms: report.resources.wallMs }, 'run finished')
        return outcomeOf(report)
      },
      logger,
    })
    try {
      await worker.start()
    } catch (e) {
      await pool.close()
      await store.close()
      throw e instanceof BundError ? e : new BundError('DATABASE_UNREACHABLE', `the worker could not start its queue: ${e instanceof Error ? e.message : String(e)}`)
    }
    process.stdout.write(`Bund worker ${worker.id}: ${size} sandbox process(es), taking runs from ${new URL(url).host}${new URL(url).pathname}. Ctrl-C stops it.\n`)
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`bund: ${signal} again, exiting now (the other workers take its runs back)\n`)
        process.exit(130)
      }
      stopping = true
      process.stderr.write(`\nbund: ${signal}: taking no new run; waiting for the ${worker.running} running to finish\n`)
      worker
        .stop()
        .then(() => pool.close())
        .then(() => store.close())
        .then(
          () => {
            flushLogger(logger)
            process.exit(0)
          },
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
