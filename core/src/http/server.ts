/**
 * The operator's server: the store (opened by the caller, who closes it), a sandbox worker pool and
 * the bounded run queue sized alike, the app, and a node HTTP server. `close()` stops listening,
 * ends open streams, drops waiting runs and kills the workers, so a signal ends it promptly.
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { availableParallelism } from 'node:os'
import { getRequestListener } from '@hono/node-server'
import type { Logger } from 'pino'
import { loadRulePacks, type RulePack } from '../compliance/rule-pack.js'
import { BundError } from '../errors.js'
import { MAX_BUNDLE_BYTES, verifyBundle } from '../manifest/load.js'
import { RunQueue } from '../runner/queue.js'
import { runScenario, workerEntry } from '../runner/run-scenario.js'
import { WorkerPool } from '../sandbox/pool.js'
import type { Store } from '../store/store.js'
import { createApp } from './app.js'
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_QUEUE_CAPACITY } from './defaults.js'
import type { AppDeps, RunMeta, ServerQueue } from './env.js'
import { createServerLogger, flushLogger } from './logger.js'
import { Metrics } from './metrics.js'
import { orgOf } from './principal.js'
import { publicationFastPath } from './publication-fast-path.js'

export { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_QUEUE_CAPACITY }
/** Bodies of every route but the upload. */
export const DEFAULT_BODY_BYTES = 1024 * 1024
/** How often buffered log lines are written out at the latest. */
const LOG_FLUSH_MS = 1000

export interface ServerOptions {
  store: Store
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Runs at once (sandbox workers); default the number of cores. */
  concurrency?: number
  /** Runs that may wait; default 100. */
  queueCapacity?: number
  rulePacks?: RulePack[]
  logger?: Logger
}

export interface RunningServer {
  url: string
  app: ReturnType<typeof createApp>
  deps: AppDeps
  close(): Promise<void>
}

/** The app's dependencies around an open store; `close()` stops the queue and kills the workers. */
export function createDeps(options: Omit<ServerOptions, 'host' | 'port'>): { deps: AppDeps; close(): Promise<void> } {
  const { store } = options
  const concurrency = options.concurrency ?? availableParallelism()
  const rulePacks = options.rulePacks ?? loadRulePacks()
  const logger = options.logger ?? createServerLogger()
  const metrics = new Metrics()
  const pool = new WorkerPool({ entry: workerEntry(), size: concurrency })
  const queue: ServerQueue = new RunQueue({ concurrency, capacity: options.queueCapacity ?? DEFAULT_QUEUE_CAPACITY })

  const deps: AppDeps = {
    store,
    queue,
    rulePacks,
    metrics,
    logger,
    workerCrashes: () => pool.crashes,
    workers: () => pool.workers(),
    limits: { bodyBytes: DEFAULT_BODY_BYTES, uploadBytes: 2 * MAX_BUNDLE_BYTES + DEFAULT_BODY_BYTES },
    submitRun(request) {
      const id = `run_${randomUUID()}`
      const meta: RunMeta = { ...request, org: orgOf(request.scenario) }
      return queue.submit(id, meta, async (onProgress) => {
        try {
          // The stored bundle is read back and checked against the registered hash before it runs.
          const record = store.getScenario(request.scenario, request.version)
          if (record === undefined) throw new BundError('SCENARIO_NOT_FOUND', `${request.scenario}@${request.version} is no longer registered`)
          const bundle = store.artifacts.get(record.bundleSha256).toString('utf8')
          verifyBundle(record.manifest, bundle, `${record.id}@${record.version}`)
          const report = await runScenario(store, pool, {
            runId: id,
            scenario: { manifest: record.manifest, bundle, source: `${record.id}@${record.version}` },
            seed: request.seed,
            rows: request.rows,
            params: request.params,
            rulePacks,
            onProgress,
            registration: 'strict',
            actor: request.actor,
          })
          metrics.observeRun(report.status)
          logger.info({ runId: id, scenario: record.id, version: record.version, status: report.status, ms: report.resources.wallMs }, 'run finished')
          return report
        } catch (e) {
          metrics.observeRun('rejected')
          logger.warn({ runId: id, scenario: request.scenario, err: e }, 'run refused')
          throw e
        }
      })
    },
  }
  return {
    deps,
    async close() {
      // Kill the workers first: running runs end as failed (SANDBOX_CRASHED) and are recorded.
      const drained = queue.close()
      await pool.close()
      await drained
    },
  }
}

/** Starts the server and resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { deps, close: closeDeps } = createDeps(options)
  const app = createApp(deps)
  const host = options.host ?? DEFAULT_HOST
  // Anonymous reads of a publication are answered before the app; every other request goes to it.
  const fastPath = publicationFastPath(deps)
  const appListener = getRequestListener(app.fetch, { hostname: host })
  const server = createServer((req, res) => {
    if (!fastPath(req, res)) void appListener(req, res)
  })
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new BundError('USAGE', e.code === 'EADDRINUSE' ? `${host}:${options.port} is already in use; choose another --port` : `cannot listen on ${host}:${options.port}: ${e.message}`)),
    )
    server.listen(options.port ?? DEFAULT_PORT, host, () => resolve(server.address() as AddressInfo))
  })
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  // The server logger (createServerLogger) gathers access-log lines in blocks; none waits over a second.
  const flusher = setInterval(() => flushLogger(deps.logger), LOG_FLUSH_MS).unref()
  let closing: Promise<void> | undefined
  return {
    url,
    app,
    deps,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        // Event streams and keep-alive connections would hold close() open.
        server.closeAllConnections()
        await closeDeps()
        await stopped
        clearInterval(flusher)
        flushLogger(deps.logger)
      })()
      return closing
    },
  }
}
