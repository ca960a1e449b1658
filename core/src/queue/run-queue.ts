/**
 * The run queue as the API sees it, whatever carries it: the embedded queue (in this process, its
 * accepted runs kept in the store's journal) or the durable queue on pg-boss (PostgreSQL; runs are
 * taken by `bund worker` processes on any machine). Reads are synchronous: each implementation
 * keeps the view of its runs in memory (the pg-boss queue follows the database's notifications).
 */
import { orgOf } from '../kernel/index.js'
import type { AcceptedRun } from '../store/run-queue-persistence.js'
import type { RunStatus } from '../model/index.js'

export type QueueState = 'queued' | 'running' | 'finished' | 'rejected'

/** One submitted task, as clients see it. */
export interface QueueEntry<T, M> {
  id: string
  /** What the submitter attached (scenario, seed…), for listings and scoping. */
  meta: M
  state: QueueState
  /** Position among the waiting entries (0 = next), while queued. */
  position?: number
  progress: { fraction: number; message: string }
  submittedAt: string
  startedAt?: string
  finishedAt?: string
  /** The task's result once finished. */
  result?: T
  /** Why the task was refused after it was accepted (it threw). */
  error?: { code: string; message: string }
}

export type QueueEvent<T, M> =
  | { type: 'state'; entry: QueueEntry<T, M> }
  | { type: 'progress'; id: string; fraction: number; message: string }
  | { type: 'done'; entry: QueueEntry<T, M> }

export type QueueTask<T> = (onProgress: (fraction: number, message: string) => void) => Promise<T>

export interface QueueStats {
  concurrency: number
  capacity: number
  queued: number
  running: number
  finished: number
  rejected: number
  /** Mean wall time of recent tasks, ms (an estimate for Retry-After). */
  meanTaskMs: number
  /** Worker processes seen alive lately (the durable queue's `bund worker`s); absent when embedded. */
  workersAlive?: number
  /** Recorded runs per status, from the database (the durable queue); absent when embedded. */
  runs?: Record<string, number>
}

/** What the server attaches to a queued run: enough to scope and list it without the store. */
export interface RunMeta {
  scenario: string
  version: string
  seed: number
  rows: number | null
  params: unknown
  /** The org of the scenario (the namespace of its id), for author scoping. */
  org: string
  /** Who asked for the run, as recorded in the audit chain. */
  actor: string
}

/** How a run ended, as the queue reports it (the full report is the store's run record). */
export interface RunOutcome {
  runId: string
  status: RunStatus
  publicationId?: string
}

export type RunEntry = QueueEntry<RunOutcome, RunMeta>
export type RunEvent = QueueEvent<RunOutcome, RunMeta>

export interface RunQueue {
  /**
   * Takes an accepted run: durable (it survives a restart) before it resolves; throws QUEUE_FULL
   * (with `retryAfterSeconds`) when no more may wait.
   */
  submit(run: AcceptedRun): Promise<RunEntry>
  /** A run by id while queued, running or recently finished. */
  get(id: string): RunEntry | undefined
  /**
   * A run `get` does not know yet, looked up where the accepted runs are kept: with several API
   * nodes, one accepted by another node a moment ago (before this node's view caught up).
   * Absent where `get` sees every accepted run (the embedded queue).
   */
  find?(id: string): Promise<RunEntry | undefined>
  /** Runs still queued or running, oldest first. */
  active(): RunEntry[]
  /** Listens to one run's events until it is done; returns the unsubscribe function. */
  subscribe(id: string, listener: (event: RunEvent) => void): () => void
  stats(): QueueStats
  /** Stops taking runs; resolves once this process's part in them has settled. */
  close(): Promise<void>
}

/** The meta a queue keeps for an accepted run. */
export function runMeta(run: AcceptedRun): RunMeta {
  const { scenario, version, seed, rows, params, actor } = run
  return { scenario, version, seed, rows, params, actor, org: orgOf(scenario) }
}
