export { type RunQueue, type RunEntry, type RunEvent, type RunMeta, type RunOutcome, type QueueEntry, type QueueEvent, type QueueState, type QueueStats, type QueueTask, runMeta } from './run-queue.js'
export { InProcessQueue, type InProcessQueueOptions } from './in-process-queue.js'
export { EmbeddedRunQueue, type EmbeddedRunQueueOptions, type RunExecutor } from './embedded-run-queue.js'
