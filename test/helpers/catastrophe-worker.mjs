// A sandbox worker for the supervisor test: serves jobs through the real serveWorker, and on a
// 'catastrophe' job calls the real handler isolated-vm's onCatastrophicError calls. (No script can
// make V8 lose control of an isolate on purpose, so the trigger is simulated; the path is not.)
import { catastrophe, serveWorker } from '@bund/core'

serveWorker(async (job) => {
  if (job?.type === 'catastrophe') {
    catastrophe('simulated: V8 lost control of an isolate')
    return new Promise(() => {})
  }
  return { echo: job }
})
