/**
 * Prometheus metrics in the text exposition format: request counts and latencies per route, the
 * run queue, finished runs by status, sandbox worker crashes, and the process's memory. Hand-written
 * because it is a few counters; labels are route patterns, so their number stays bounded.
 */
import type { QueueStats } from '../queue/run-queue.js'

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** The requests of one method and route: counts by status and a latency histogram. */
interface Series {
  method: string
  route: string
  byStatus: Map<number, number>
  /** Requests whose duration fell in each bucket (not cumulative; the exposition sums them). */
  buckets: number[]
  sum: number
  count: number
}

export class Metrics {
  /** Keyed by method and route; labels are escaped only when scraped, not on every request. */
  readonly #series = new Map<string, Series>()
  readonly #runs = new Map<string, number>()
  readonly #started = Date.now()

  /** Counts one answered request. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`
    let s = this.#series.get(key)
    if (s === undefined) this.#series.set(key, (s = { method, route, byStatus: new Map(), buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }))
    s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1)
    let i = 0
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++
    if (i < BUCKETS.length) s.buckets[i]!++
    s.sum += seconds
    s.count++
  }

  /** Counts one finished run by its status (published, held, failed, rejected). */
  observeRun(status: string): void {
    this.#runs.set(status, (this.#runs.get(status) ?? 0) + 1)
  }

  /** The exposition text; the queue and worker figures are read at scrape time. */
  render(queue: QueueStats, workerCrashes: number): string {
    const out: string[] = []
    const metric = (name: string, type: string, help: string, lines: string[]) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines)
    const series = [...this.#series.values()]
    const labels = (s: Series) => `method="${escape(s.method)}",route="${escape(s.route)}"`
    metric('bund_http_requests_total', 'counter', 'HTTP requests answered, by method, route and status.', series.flatMap((s) => [...s.byStatus].map(([status, n]) => `bund_http_requests_total{${labels(s)},status="${status}"} ${n}`)))
    metric(
      'bund_http_request_duration_seconds',
      'histogram',
      'Time to answer an HTTP request.',
      series.flatMap((s) => {
        let cumulative = 0
        return [
          ...BUCKETS.map((b, i) => `bund_http_request_duration_seconds_bucket{${labels(s)},le="${b}"} ${(cumulative += s.buckets[i]!)}`),
          `bund_http_request_duration_seconds_bucket{${labels(s)},le="+Inf"} ${s.count}`,
          `bund_http_request_duration_seconds_sum{${labels(s)}} ${s.sum}`,
          `bund_http_request_duration_seconds_count{${labels(s)}} ${s.count}`,
        ]
      }),
    )
    metric('bund_runs_total', 'counter', 'Runs finished through the API, by status.', [...this.#runs].map(([k, v]) => `bund_runs_total{status="${escape(k)}"} ${v}`))
    metric('bund_run_queue_waiting', 'gauge', 'Runs waiting for a worker.', [`bund_run_queue_waiting ${queue.queued}`])
    metric('bund_run_queue_running', 'gauge', 'Runs executing now.', [`bund_run_queue_running ${queue.running}`])
    metric('bund_run_queue_capacity', 'gauge', 'Runs that may wait before submissions get 429.', [`bund_run_queue_capacity ${queue.capacity}`])
    metric('bund_run_queue_concurrency', 'gauge', 'Runs that may execute at once (sandbox workers).', [`bund_run_queue_concurrency ${queue.concurrency}`])
    if (queue.workersAlive !== undefined) metric('bund_workers_alive', 'gauge', 'bund worker processes whose heartbeat is recent (from the database).', [`bund_workers_alive ${queue.workersAlive}`])
    if (queue.runs !== undefined) metric('bund_runs_recorded', 'gauge', 'Recorded runs per status (from the database).', Object.entries(queue.runs).map(([k, v]) => `bund_runs_recorded{status="${escape(k)}"} ${v}`))
    metric('bund_sandbox_worker_crashes_total', 'counter', 'Sandbox worker processes that died and were replaced.', [`bund_sandbox_worker_crashes_total ${workerCrashes}`])
    const mem = process.memoryUsage()
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the server process.', [`process_resident_memory_bytes ${mem.rss}`])
    metric('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use.', [`nodejs_heap_used_bytes ${mem.heapUsed}`])
    metric('process_uptime_seconds', 'gauge', 'Seconds since the server started.', [`process_uptime_seconds ${(Date.now() - this.#started) / 1000}`])
    return `${out.join('\n')}\n`
  }
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}
