/**
 * What every request handler can reach: the server's parts (store, queue, rule packs, metrics,
 * logger) as `c.var.deps`, the caller as `c.var.principal`, and hono's request id.
 */
import type { Logger } from 'pino'
import type { WorkerState } from '../sandbox/pool.js'
import type { RulePack } from '../compliance/rule-pack.js'
import type { RunEntry, RunQueue } from '../queue/run-queue.js'
import type { StreamSlots } from './stream-slots.js'
import type { PublicResponses } from './public-responses.js'
import type { Store } from '../store/store.js'
import type { RequestIdVariables } from 'hono/request-id'
import type { Metrics } from './metrics.js'
import type { Principal } from './principal.js'

export type ServerQueue = RunQueue

export interface AppDeps {
  store: Store
  queue: ServerQueue
  /** Caps on open event streams, per token and in all. */
  streams: StreamSlots
  /** Anonymous answers kept per store state, and the cap on renders at once (default: 2 slots). */
  renders?: PublicResponses
  rulePacks: RulePack[]
  metrics: Metrics
  logger: Logger
  /** Sandbox workers that died and were replaced. */
  workerCrashes(): number
  /** Each sandbox worker's state (busy, stuck), read without asking the workers. */
  workers?(): WorkerState[]
  /**
   * Submits a run of a registered scenario version: persisted as accepted (so it survives a
   * restart) before it resolves; throws QUEUE_FULL when the queue is full.
   */
  submitRun(request: { scenario: string; version: string; seed: number; rows: number | null; params: unknown; actor: string }): Promise<RunEntry>
  /** Limits for request bodies, in bytes. */
  limits: { bodyBytes: number; uploadBytes: number }
}

export interface AppEnv {
  Variables: RequestIdVariables & {
    deps: AppDeps
    principal: Principal
  }
}
