/**
 * The messages between the pool (host, pool.ts) and a sandbox worker process (serve-worker.ts),
 * declared once here and checked where they cross: the worker checks each request's envelope and
 * its job, the pool each message's envelope and each result. What a job and its result are is the
 * worker's protocol: a table of job types (`JobTable`) with a check for each job and each result
 * (zod schemas fit `Check`). The run worker's is runner/worker-protocol.ts.
 *
 * Written without zod on purpose: the pool is loaded before a worker is forked, and `bund build`
 * starts its worker before it loads any schema library.
 */

/** Job types to their job and result. Every worker also answers `health` (serve-worker.ts). */
export type JobTable = { [type: string]: { job: { type: string }; result: unknown } }

/** A check of data from the other process (a zod schema is one). */
export interface Check<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } }
}

/** The first problem a check found, as a line. */
export function problemOf(failure: { error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } }): string {
  const issue = failure.error.issues[0]
  return issue === undefined ? 'malformed' : `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`
}

/** A check that accepts what `test` accepts, as it is. */
export function checkWith<T>(test: (value: unknown) => string | undefined): Check<T> {
  return {
    safeParse(value) {
      const problem = test(value)
      return problem === undefined ? { success: true, data: value as T } : { success: false, error: { issues: [{ path: [], message: problem }] } }
    },
  }
}

/** A worker's own memory, as `process.memoryUsage()` sees it. */
export interface WorkerHealth {
  pid: number
  rssBytes: number
  heapUsedBytes: number
  externalBytes: number
  /** CPU time the worker process has used so far, all threads. */
  cpuMs: number
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0

export const workerHealthCheck = checkWith<WorkerHealth>((v) =>
  isRecord(v) && ['pid', 'rssBytes', 'heapUsedBytes', 'externalBytes', 'cpuMs'].every((k) => isCount(v[k])) ? undefined : 'not a worker health report',
)

/** The job every worker answers (serve-worker.ts). */
export type HealthJobs = { health: { job: { type: 'health' }; result: WorkerHealth } }

/** A forkable worker module and how to check its results. */
export interface WorkerEntry<P extends JobTable> {
  url: URL
  /** The check of each job type's result (health's is known), applied as it arrives from the worker. */
  results: { readonly [K in Exclude<keyof P, 'health'>]: Check<P[K]['result']> }
}

/** Any job of a table. */
export type JobOf<P extends JobTable> = P[keyof P]['job']
/** The result of a job, by its type. */
export type ResultOf<P extends JobTable, J extends { type: string }> = P[J['type']]['result']

/** The longest text a progress or fatal message may carry. */
const MESSAGE_CHARS = 1000

/** Host → worker. */
export type WorkerRequest<J extends { type: string } = { type: string }> = { type: 'job'; id: number; job: J }

export const workerRequestCheck = checkWith<WorkerRequest>((v) => {
  if (!isRecord(v) || v['type'] !== 'job' || !Number.isSafeInteger(v['id'])) return 'not a job request'
  const job = v['job']
  return isRecord(job) && typeof job['type'] === 'string' && job['type'].length <= 100 ? undefined : 'a job without a type'
})

/** A failure as plain data (a BundError's toJSON). */
export type WorkerError = { code: string; message: string; details?: Record<string, unknown> }

/** Worker → host. */
export type WorkerMessage =
  | { type: 'progress'; id: number; fraction: number; message: string }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WorkerError }
  /** isolated-vm reported a catastrophic error; the worker exits right after. */
  | { type: 'fatal'; message: string }

export const workerMessageCheck = checkWith<WorkerMessage>((v) => {
  if (!isRecord(v)) return 'not an object'
  const text = (t: unknown) => typeof t === 'string' && t.length <= MESSAGE_CHARS
  switch (v['type']) {
    case 'fatal':
      return text(v['message']) ? undefined : 'a fatal message without its text'
    case 'progress':
      return Number.isSafeInteger(v['id']) && typeof v['fraction'] === 'number' && v['fraction'] >= 0 && v['fraction'] <= 1 && text(v['message']) ? undefined : 'a malformed progress message'
    case 'result':
      return Number.isSafeInteger(v['id']) && 'result' in v ? undefined : 'a result without its id'
    case 'error': {
      const e = v['error']
      const ok = Number.isSafeInteger(v['id']) && isRecord(e) && typeof e['code'] === 'string' && e['code'].length <= 100 && typeof e['message'] === 'string' && (e['details'] === undefined || isRecord(e['details']))
      return ok ? undefined : 'a malformed error'
    }
    default:
      return 'a message of no known type'
  }
})
