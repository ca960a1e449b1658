/**
 * Prometheus metrics in the text exposition format: request counts and latencies per route, the
 * run queue, finished runs by status, sandbox worker crashes, and the process's memory. Hand-written
 * because it is a few counters; labels are route patterns, so their number stays bounded.
 */
import type { QueueStats } from '../runner/queue.js'

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

export class Metrics {
  readonly #requests = new Map<string, number>()
  readonly #durations = new Map<string, Histogram>()
  readonly #runs = new Map<string, number>()
  readonly #started = Date.now()

  /** Counts one answered request. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${escape(route)}",status="${status}"`
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1)
    const hkey = `method="${method}",route="${escape(route)}"`
    let h = this.#durations.get(hkey)
    if (h === undefined) this.#durations.set(hkey, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }))
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++
    h.sum += seconds
    h.count++
  }

  /** Counts one finished run by its status (published, held, failed, rejected). */
  observeRun(status: string): void {
    this.#runs.set(status, (this.#runs.get(status) ?? 0) + 1)
  }

  /** The exposition text; the queue and worker figures are read at scrape time. */
  render(queue: QueueStats, workerCrashes: number): string {
    const out: string[] = []
    const metric = (name: string, type: string, help: string, lines: string[]) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines)
    metric('bund_http_requests_total', 'counter', 'HTTP requests answered, by method, route and status.', [...this.#requests].map(([k, v]) => `bund_http_requests_total{${k}} ${v}`))
    metric(
      'bund_http_request_duration_seconds',
      'histogram',
      'Time to answer an HTTP request.',
      [...this.#durations].flatMap(([k, h]) => [
        ...BUCKETS.map((b, i) => `bund_http_request_duration_seconds_bucket{${k},le="${b}"} ${h.counts[i]}`),
        `bund_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`,
        `bund_http_request_duration_seconds_sum{${k}} ${h.sum}`,
        `bund_http_request_duration_seconds_count{${k}} ${h.count}`,
      ]),
    )
    metric('bund_runs_total', 'counter', 'Runs finished through the API, by status.', [...this.#runs].map(([k, v]) => `bund_runs_total{status="${escape(k)}"} ${v}`))
    metric('bund_run_queue_waiting', 'gauge', 'Runs waiting for a worker.', [`bund_run_queue_waiting ${queue.queued}`])
    metric('bund_run_queue_running', 'gauge', 'Runs executing now.', [`bund_run_queue_running ${queue.running}`])
    metric('bund_run_queue_capacity', 'gauge', 'Runs that may wait before submissions get 429.', [`bund_run_queue_capacity ${queue.capacity}`])
    metric('bund_run_queue_concurrency', 'gauge', 'Runs that may execute at once (sandbox workers).', [`bund_run_queue_concurrency ${queue.concurrency}`])
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
