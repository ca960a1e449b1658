/** Ending an accepted run that will not run, so its id never becomes unknown. */
import { BundError } from '../kernel/index.js'
import type { AcceptedRun, RunQueuePersistence } from '../store/run-queue-persistence.js'

/** How a refused run's error is told: a BundError's code and message, anything else as INTERNAL. */
export function refusal(e: unknown): { code: string; message: string } {
  return e instanceof BundError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: 'the run could not be carried out' }
}

/**
 * Records a failed run carrying `error` unless the run is recorded already (an earlier attempt, or
 * another worker, got there first). Throws when the store refuses the write.
 */
export async function endUnrecorded(
  persistence: RunQueuePersistence,
  isRecorded: (id: string) => boolean | Promise<boolean>,
  run: AcceptedRun,
  error: { code: string; message: string },
): Promise<void> {
  if (await isRecorded(run.id)) return
  await persistence.endAcceptedRun(run.id, error, run.actor)
}
