/**
 * The embedded run queue (one process, no database): runs execute in this process's sandbox pool
 * through the in-process queue, and each accepted run is kept in the store's journal
 * (RunQueuePersistence) from before its id is returned until its run record is written, so a
 * restart resumes it.
 */
import type { AcceptedRun, RunQueuePersistence } from '../store/run-queue-persistence.js'
import { endUnrecorded, refusal } from './end-unrecorded.js'
import { InProcessQueue } from './in-process-queue.js'
import { type RunEntry, type RunEvent, type RunMeta, type RunOutcome, type RunQueue, runMeta } from './run-queue.js'

/** Carries out one accepted run and records it; throws (a BundError) when it refuses to run it. */
export type RunExecutor = (run: AcceptedRun, onProgress: (fraction: number, message: string) => void) => Promise<RunOutcome>

export interface EmbeddedRunQueueOptions {
  concurrency: number
  capacity: number
  /** Where accepted runs are kept until recorded (the store's journal). */
  persistence: RunQueuePersistence
  /** Whether the store holds a run record with this id. */
  isRecorded(id: string): boolean | Promise<boolean>
  execute: RunExecutor
  /** Told when the end of a refused run could not be recorded (it is resumed at the next start). */
  onRecordFailure?: (run: AcceptedRun, failure: unknown) => void
}

export class EmbeddedRunQueue implements RunQueue {
  readonly #queue: InProcessQueue<RunOutcome, RunMeta>
  readonly #options: EmbeddedRunQueueOptions

  constructor(options: EmbeddedRunQueueOptions) {
    this.#options = options
    this.#queue = new InProcessQueue({ concurrency: options.concurrency, capacity: options.capacity })
  }

  async submit(run: AcceptedRun): Promise<RunEntry> {
    this.#queue.assertRoom()
    // Durable before the id is returned: a restart resumes it.
    await this.#options.persistence.acceptRun(run)
    try {
      return this.#enqueue(run)
    } catch (e) {
      // The queue filled meanwhile: the run is ended, with the reason, and the client told to retry.
      await this.#endUnrecorded(run, e)
      throw e
    }
  }

  /** Runs accepted before the last stop (or crash) and never recorded start again, oldest first. */
  async resume(): Promise<AcceptedRun[]> {
    const runs = await this.#options.persistence.acceptedRuns()
    for (const run of runs) this.#enqueue(run, true)
    return runs
  }

  get(id: string): RunEntry | undefined {
    return this.#queue.get(id)
  }

  active(): RunEntry[] {
    return this.#queue.active()
  }

  subscribe(id: string, listener: (event: RunEvent) => void): () => void {
    return this.#queue.subscribe(id, listener)
  }

  stats() {
    return this.#queue.stats()
  }

  close(): Promise<void> {
    return this.#queue.close()
  }

  #enqueue(run: AcceptedRun, resumed = false): RunEntry {
    return this.#queue.submit(
      run.id,
      runMeta(run),
      async (onProgress) => {
        try {
          return await this.#options.execute(run, onProgress)
        } catch (e) {
          await this.#endUnrecorded(run, e)
          throw e
        }
      },
      { resumed },
    )
  }

  /** Ends an accepted run that finished without a run record (refused before it ran), recording why. */
  async #endUnrecorded(run: AcceptedRun, e: unknown): Promise<void> {
    try {
      await endUnrecorded(this.#options.persistence, this.#options.isRecorded, run, refusal(e))
    } catch (failure) {
      this.#options.onRecordFailure?.(run, failure)
    }
  }
}
