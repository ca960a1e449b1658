/**
 * The operator's server: the store (opened by the caller, who closes it), a sandbox worker pool and
 * the bounded run queue sized alike, the app, and a node HTTP server. `close()` stops listening,
 * ends open streams, drops waiting runs and kills the workers, so a signal ends it promptly.
 */
import { randomUUID } from 'node:crypto'
import { type Server, createServer } from 'node:http'
import type { Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { availableParallelism } from 'node:os'
import { getRequestListener } from '@hono/node-server'
import type { Logger } from 'pino'
import { loadRulePacks, type RulePack } from '../compliance/rule-pack.js'
import { BundError } from '../kernel/index.js'
import { MAX_BUNDLE_BYTES } from '../manifest/load.js'
import { EmbeddedRunQueue } from '../queue/embedded-run-queue.js'
import type { RunQueue } from '../queue/run-queue.js'
import { outcomeOf, runAccepted } from '../runner/run-accepted.js'
import { workerEntry } from '../runner/worker-protocol.js'
import { WorkerPool } from '../sandbox/pool.js'
import type { Store } from '../store/store.js'
import type { RunQueuePersistence } from '../store/run-queue-persistence.js'
import { createApp } from './app.js'
import { openApiDocument } from './openapi.js'
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_QUEUE_CAPACITY } from './defaults.js'
import type { AppDeps } from './env.js'
import { createServerLogger, flushLogger } from './logger.js'
import { Metrics } from './metrics.js'
import { isFastPathCandidate, publicationFastPath } from './publication-fast-path.js'
import { StreamSlots } from './stream-slots.js'
import { DEFAULT_RENDER_SLOTS, PublicResponses } from './public-responses.js'
import { answerClientError, refuseConnection } from './middleware/problem/index.js'

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
  /** Where accepted runs are kept until recorded; default the store's journal. */
  queuePersistence?: RunQueuePersistence
  /** Connection, stream and timeout limits (DEFAULT_LIMITS for any not given). */
  limits?: Partial<ConnectionLimits>
  /**
   * A run queue opened by the caller (the durable queue on PostgreSQL: runs execute in `bund
   * worker` processes, so this server starts no sandbox workers). Default: the embedded queue.
   */
  queue?: RunQueue
}

export interface ConnectionLimits {
  /** Open connections from one address; one more is answered 429 and closed. */
  connectionsPerClient: number
  /** Open connections in all. */
  connections: number
  /** Event streams open for one token, and in all. */
  streamsPerToken: number
  streams: number
  /** Anonymous page and listing renders at once (a request for an answer not yet rendered beyond them: 503 SERVER_BUSY). */
  renders: number
  /** Time to receive the request line and headers (slow-header clients are cut off). */
  headersTimeoutMs: number
  /** Time to receive the whole request, body included. */
  requestTimeoutMs: number
  /** An idle keep-alive connection is closed after this. */
  idleTimeoutMs: number
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  connectionsPerClient: 128,
  connections: 2048,
  streamsPerToken: 16,
  streams: 256,
  renders: DEFAULT_RENDER_SLOTS,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 5_000,
}

/** Retry-After of a connection refused by the caps: connections are short, so seconds suffice. */
const CONNECTION_RETRY_SECONDS = 5

export interface RunningServer {
  url: string
  app: ReturnType<typeof createApp>
  deps: AppDeps
  close(): Promise<void>
}

/** The app's dependencies around an open store; `close()` stops the queue and kills the workers. */
export function createDeps(options: Omit<ServerOptions, 'host' | 'port'>): { deps: AppDeps; /** Resolves once the runs accepted before a restart are queued again. */ ready: Promise<void>; close(): Promise<void> } {
  const { store } = options
  const concurrency = options.concurrency ?? availableParallelism()
  const rulePacks = options.rulePacks ?? loadRulePacks()
  const logger = options.logger ?? createServerLogger()
  const metrics = new Metrics()
  const { queue, pool, resumed } = options.queue ? { queue: options.queue, pool: undefined, resumed: Promise.resolve() } : embeddedQueue()
  const deps: AppDeps = {
    store,
    queue,
    streams: new StreamSlots(options.limits?.streamsPerToken ?? DEFAULT_LIMITS.streamsPerToken, options.limits?.streams ?? DEFAULT_LIMITS.streams),
    renders: new PublicResponses(options.limits?.renders ?? DEFAULT_LIMITS.renders),
    rulePacks,
    metrics,
    logger,
    workerCrashes: () => pool?.crashes ?? 0,
    ...(pool ? { workers: () => pool.workers() } : {}),
    limits: { bodyBytes: DEFAULT_BODY_BYTES, uploadBytes: 2 * MAX_BUNDLE_BYTES + DEFAULT_BODY_BYTES },
    submitRun: (request) => queue.submit({ id: `run_${randomUUID()}`, ...request, acceptedAt: new Date().toISOString() }),
  }

  return {
    deps,
    ready: resumed,
    async close() {
      await resumed.catch(() => undefined)
      // Kill the workers first: running runs end as failed (SANDBOX_CRASHED) and are recorded.
      const drained = queue.close()
      await pool?.close()
      await drained
    },
  }

  /** The embedded queue and its sandbox pool; runs accepted before the last stop (or crash) and never recorded start again, oldest first. */
  function embeddedQueue() {
    const pool = new WorkerPool({ entry: workerEntry(), size: concurrency })
    const queue = new EmbeddedRunQueue({
      concurrency,
      capacity: options.queueCapacity ?? DEFAULT_QUEUE_CAPACITY,
      persistence: options.queuePersistence ?? store,
      isRecorded: async (id) => (await store.getRun(id)) !== undefined,
      async execute(run, onProgress) {
        try {
          const report = await runAccepted(store, pool, rulePacks, run, onProgress)
          metrics.observeRun(report.status)
          logger.info({ runId: run.id, scenario: run.scenario, version: run.version, status: report.status, ms: report.resources.wallMs }, 'run finished')
          return outcomeOf(report)
        } catch (e) {
          metrics.observeRun('rejected')
          logger.warn({ runId: run.id, scenario: run.scenario, err: e }, 'run refused')
          throw e
        }
      },
      onRecordFailure: (run, failure) => logger.error({ runId: run.id, err: failure }, 'could not record how an accepted run ended; it is resumed at the next start'),
    })
    const resumed =
      store.writeFault() === undefined
        ? queue.resume().then((runs) => {
            for (const run of runs) logger.info({ runId: run.id, scenario: run.scenario }, 'run resumed after a restart')
          })
        : Promise.resolve()
    return { queue, pool, resumed }
  }
}

/**
 * At most `connectionsPerClient` open connections from one address and `connections` in all: one
 * more gets 429 RATE_LIMITED (problem+json, Retry-After) and is closed before any request is read.
 */
function capConnections(server: Server, limits: ConnectionLimits): void {
  const open = new Map<string, number>()
  let total = 0
  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? 'unknown'
    const mine = open.get(client) ?? 0
    if (mine >= limits.connectionsPerClient || total >= limits.connections) {
      const detail =
        mine >= limits.connectionsPerClient
          ? `this client already has ${mine} connections open (limit ${limits.connectionsPerClient}); reuse one, or retry once one is closed`
          : `the server has ${total} connections open, its limit; retry shortly`
      refuseConnection(socket, 'RATE_LIMITED', detail, { retryAfterSeconds: CONNECTION_RETRY_SECONDS })
      return
    }
    open.set(client, mine + 1)
    total++
    socket.once('close', () => {
      total--
      const left = (open.get(client) ?? 1) - 1
      if (left <= 0) open.delete(client)
      else open.set(client, left)
    })
  })
}

/** Scenario pages rendered before listening: their code paths are then compiled and the newest records read. */
const WARM_SCENARIOS = 5

/**
 * Renders the front page and the first scenario pages once before the server listens (under a host
 * no client uses, so nothing a client sees is served from it): the first render of a page in a fresh
 * process otherwise pays for compiling the render path and reading the newest segments, several
 * times what a render costs afterwards (test/bench/first-render.mjs). A failure here is not fatal.
 */
async function warmPublicPages(app: ReturnType<typeof createApp>): Promise<void> {
  // Not logged nor counted as requests (the request frame reads the marker).
  const get = (path: string) => app.request(`http://warm-up.invalid${path}`, undefined, { warmUp: true })
  try {
    await (await get('/')).arrayBuffer()
    const listing = (await (await get('/api/v1/scenarios')).json()) as { items?: Array<{ id?: unknown }> }
    for (const s of (listing.items ?? []).slice(0, WARM_SCENARIOS)) {
      if (typeof s.id === 'string') await (await get(`/scenarios/${s.id.split('/').map(encodeURIComponent).join('/')}`)).arrayBuffer()
    }
  } catch {}
}

/** Starts the server and resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { deps, ready, close: closeDeps } = createDeps(options)
  await ready
  const app = createApp(deps)
  // The OpenAPI document is generated at its first request (about 100 ms of the event loop): now, before listening.
  openApiDocument(app)
  await warmPublicPages(app)
  const host = options.host ?? DEFAULT_HOST
  // Anonymous reads of a publication are answered before the app; every other request goes to it.
  const fastPath = publicationFastPath(deps)
  const appListener = getRequestListener(app.fetch, { hostname: host })
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.idleTimeoutMs,
      // How often node looks for connections past their header or request timeout.
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      // Anything not a plain anonymous publication read goes straight to the app, without waiting.
      if (!isFastPathCandidate(req)) void appListener(req, res)
      else
        void fastPath(req, res).then((answered) => {
          if (!answered) void appListener(req, res)
        })
    },
  )
  capConnections(server, limits)
  // Slow, oversized or malformed requests node's parser gives up on: problem+json, not an empty body.
  server.on('clientError', answerClientError)
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
