// A sandbox worker for the worker-protocol test: echoes each job's `value` as its result, and on
// an 'off-protocol' job sends a message of no known type, as a broken worker would.
import { serveWorker } from '@bund/core'

serveWorker(async (job) => {
  if (job.type === 'off-protocol') {
    process.send?.({ type: 'gossip', id: 1 })
    return new Promise(() => {})
  }
  return { value: job.value }
})
