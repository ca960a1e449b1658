/**
 * Where the run queue keeps what it accepted, so no accepted run is lost with the process: a run is
 * written here before its id is returned (202), stays until its run record is written, and is
 * resumed at the next start if the process dies first. The embedded store keeps it in its journal,
 * the PostgreSQL store in its accepted_runs table (beside the pg-boss job that carries the run to a
 * `bund worker`; core/src/queue).
 */
import type { Actor, RunRecord } from '../model/index.js'

/** A run accepted for the queue, with everything needed to start it again. */
export interface AcceptedRun {
  id: string
  scenario: string
  version: string
  seed: number
  rows: number | null
  params: unknown
  /** Who asked for it; the run is recorded as theirs. */
  actor: Actor
  acceptedAt: string
}

export interface RunQueuePersistence {
  /** Records an accepted run durably (audit: `run.accepted`); resolves once it is acknowledged. */
  acceptRun(run: AcceptedRun): Promise<void>
  /** Accepted runs with no run record yet, oldest first: what a restart resumes. */
  acceptedRuns(): Promise<AcceptedRun[]>
  /**
   * Ends an accepted run that will not run (refused before it started, or not resumable) with a
   * recorded reason: a failed run record carrying `error`, so its id never becomes unknown.
   */
  endAcceptedRun(id: string, error: { code: string; message: string }, actor: Actor): Promise<RunRecord>
}
