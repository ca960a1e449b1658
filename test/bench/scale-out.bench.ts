/**
 * Scale-out figures (issue 21), each beside its baseline measured in the same run:
 *   1. runs per second through the HTTP API of a trivial scenario (test/bench/fixtures/empty) and of
 *      credit-scoring, with 1, 2 and 4 sandbox processes: the embedded server (`bund serve
 *      --concurrency K`, one process) against PostgreSQL (`bund serve --database-url` + K `bund
 *      worker --concurrency 1` processes). Goal: PostgreSQL ≥ 0.8× embedded with one worker,
 *      near-linear up to the cores.
 *   2. on the PostgreSQL store: the latency of the ~10,000th publication (signed, chained, one
 *      transaction) and the p99 of a publication GET through a `bund serve --database-url` node,
 *      beside the embedded store's figures in the same run.
 * Run: `npx tsc -b && npx vitest bench --run --config test/vitest.config.ts test/bench/scale-out.bench.ts`
 * (needs PostgreSQL on 127.0.0.1:5432). Figures are noisy: the machine is shared (2 cores).
 * `BUND_SCALE_OUT_REPEAT=N` measures the trivial one-worker pair N times, alternating, and prints
 * each ratio and their median; `BUND_SCALE_OUT_ONLY=runs` skips the 10,000-publication figures,
 * `BUND_SCALE_OUT_ONLY=pairs` everything but those pairs.
 */
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, bench, describe } from 'vitest'
import { openStore, type Store } from '@bund/core'
import { PgStore } from '../../core/src/store/postgres/index.js'
import { BUND, ROOT, fixture, tempDir } from '../helpers/cli.js'
import { CREDIT_SCORING } from '../helpers/http.js'
import { type BundProcess, startBund, uploadForm } from '../helpers/nodes.js'
import { freshDatabase } from '../helpers/postgres.js'
import { publish } from '../helpers/store-records.js'

const EMPTY = fixture('../bench/fixtures/empty')
const CASES = [
  { name: 'trivial (empty scenario)', dir: EMPTY, id: 'bench/empty', runs: 200 },
  { name: 'credit-scoring', dir: CREDIT_SCORING, id: 'bund/credit-scoring', runs: 24 },
]
const WORKERS = [1, 2, 4]
const FILL = 9_950
const lines: string[] = []
const note = (line: string) => {
  lines.push(line)
  process.stdout.write(`${line}\n`)
}

/** Runs per second of `runs` submissions of `id` (after a warm-up), until `ended()` counts them all. */
async function measure(api: string, token: string, id: string, runs: number, ended: () => Promise<number>): Promise<number> {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const submit = async (seed: number) => {
    for (;;) {
      const res = await fetch(`${api}/api/v1/runs`, { method: 'POST', headers: auth, body: JSON.stringify({ scenario: id, seed }) })
      if (res.status === 202) return
      if (res.status !== 429) throw new Error(`submission answered ${res.status}: ${await res.text()}`)
      await sleep(200)
    }
  }
  const wait = async (n: number) => {
    while ((await ended()) < n) await sleep(20)
  }
  // Warm-up: every sandbox process started, its code cache filled.
  for (let i = 0; i < 4; i++) await submit(100_000 + i)
  await wait(4)
  const started = performance.now()
  let next = 0
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < runs) await submit(next++)
  }))
  await wait(4 + runs)
  return runs / ((performance.now() - started) / 1000)
}

async function upload(api: string, token: string, dir: string): Promise<void> {
  const res = await fetch(`${api}/api/v1/scenarios`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: uploadForm(dir) })
  if (res.status >= 300 && res.status !== 409) throw new Error(`upload answered ${res.status}: ${await res.text()}`)
}

async function firstNode(args: string[]): Promise<{ node: BundProcess; api: string; token: string }> {
  const node = startBund(['serve', ...args, '--port', '0', '--queue', '10000', '--log-level', 'warn'])
  const token = (await node.waitFor(/\n\s+(bund_[A-Za-z0-9_-]+)\s*\n/))[1]!
  const api = (await node.waitFor(/Bund API on (http:\/\/\S+)/))[1]!
  return { node, api, token }
}

async function embeddedThroughput(c: (typeof CASES)[number], workers: number): Promise<number> {
  const { node, api, token } = await firstNode(['--data-dir', tempDir(), '--concurrency', String(workers)])
  try {
    await upload(api, token, c.dir)
    const ended = async () => {
      const { queue } = (await (await fetch(`${api}/healthz`)).json()) as { queue: { finished: number; rejected: number } }
      return queue.finished + queue.rejected
    }
    return await measure(api, token, c.id, c.runs, ended)
  } finally {
    await node.kill()
  }
}

async function postgresThroughput(c: (typeof CASES)[number], workers: number): Promise<number> {
  const db = await freshDatabase()
  const procs: BundProcess[] = []
  const sql = new pg.Pool({ connectionString: db.url, max: 1 })
  sql.on('error', () => undefined) // the drop WITH (FORCE) at the end may end a closing connection
  try {
    execFileSync(process.execPath, [BUND, 'db', 'migrate', '--database-url', db.url], { cwd: ROOT, stdio: 'pipe' })
    const common = ['--database-url', db.url, '--data-dir', tempDir()]
    const { node, api, token } = await firstNode(common)
    procs.push(node)
    for (let i = 0; i < workers; i++) procs.push(startBund(['worker', ...common, '--concurrency', '1', '--log-level', 'warn']))
    await Promise.all(procs.slice(1).map((w) => w.waitFor(/Bund worker/)))
    await upload(api, token, c.dir)
    const ended = async () => Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM runs')).rows[0]!.n)
    return await measure(api, token, c.id, c.runs, ended)
  } finally {
    await Promise.all(procs.map((p) => p.kill()))
    await sql.end()
    await db.drop()
  }
}

/** Median ms of the publishes after `FILL` (the ~10,000th), and p99 ms of GETs of random publications through a server. */
async function storeFigures(open: () => Promise<{ store: Store; serveArgs: string[]; cleanup(): Promise<void> }>): Promise<{ publishMs: number; tenThousandthMs: number; getP99Ms: number }> {
  const { store, serveArgs, cleanup } = await open()
  const ids: string[] = []
  const publishMs: number[] = []
  try {
    for (let i = 1; i <= 10_000; i++) {
      const started = performance.now()
      const p = await publish(store, i)
      if (i > FILL) publishMs.push(performance.now() - started)
      if (i % 10 === 0) ids.push(p.id)
    }
  } finally {
    await store.close()
  }
  const tenThousandthMs = publishMs.at(-1)!
  const { node, api } = await firstNode(serveArgs)
  const getMs: number[] = []
  try {
    for (let i = 0; i < 2_000; i++) {
      const id = ids[(i * 7919) % ids.length]!
      const started = performance.now()
      const res = await fetch(`${api}/api/v1/publications/${id}`)
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`GET answered ${res.status}`)
      if (i >= 200) getMs.push(performance.now() - started)
    }
  } finally {
    await node.kill()
    await cleanup()
  }
  return { publishMs: median(publishMs), tenThousandthMs, getP99Ms: percentile(getMs, 0.99) }
}

function median(xs: number[]): number {
  return percentile(xs, 0.5)
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!
}

const f = (n: number) => n.toFixed(n < 10 ? 2 : 1)

describe('scale-out', () => {
  afterAll(() => {
    process.stdout.write(`\n${lines.join('\n')}\n`)
  })

  bench('runs/s, embedded vs PostgreSQL, 1/2/4 workers; publication latency and GET p99', async () => {
    execFileSync(process.execPath, [BUND, 'build', '--quiet', EMPTY, CREDIT_SCORING], { cwd: ROOT, stdio: 'pipe' })
    note(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
    const repeat = Math.max(1, Number(process.env.BUND_SCALE_OUT_REPEAT ?? 1))
    if (repeat > 1) {
      const c = CASES[0]!
      const ratios: number[] = []
      for (let i = 0; i < repeat; i++) {
        const embedded = await embeddedThroughput(c, 1)
        const postgres = await postgresThroughput(c, 1)
        ratios.push(postgres / embedded)
        note(`${c.name}, 1 worker, pair ${i + 1} of ${repeat}: embedded ${f(embedded)} runs/s, PostgreSQL ${f(postgres)} runs/s = ${(postgres / embedded).toFixed(2)}× (load ${loadavg()[0]!.toFixed(2)})`)
      }
      note(`${c.name}, 1 worker: median of ${repeat} ratios ${median(ratios).toFixed(2)}× (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`)
      if (process.env.BUND_SCALE_OUT_ONLY === 'pairs') {
        note(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
        return
      }
    }
    for (const c of CASES) {
      const embeddedOne = await embeddedThroughput(c, 1)
      for (const k of WORKERS) {
        const embedded = k === 1 ? embeddedOne : await embeddedThroughput(c, k)
        const postgres = await postgresThroughput(c, k)
        note(`${c.name}, ${k} worker(s), ${c.runs} runs: embedded ${f(embedded)} runs/s, PostgreSQL ${f(postgres)} runs/s = ${(postgres / embedded).toFixed(2)}× embedded (${(postgres / embeddedOne).toFixed(2)}× embedded with 1)`)
      }
    }
    if (process.env.BUND_SCALE_OUT_ONLY === 'runs') {
      note(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
      return
    }
    const embedded = await storeFigures(async () => {
      const dir = tempDir()
      return { store: await openStore(dir), serveArgs: ['--data-dir', dir], cleanup: async () => undefined }
    })
    const postgres = await storeFigures(async () => {
      const db = await freshDatabase()
      execFileSync(process.execPath, [BUND, 'db', 'migrate', '--database-url', db.url], { cwd: ROOT, stdio: 'pipe' })
      const dir = tempDir()
      return { store: (await PgStore.open(db.url, dir)) as unknown as Store, serveArgs: ['--database-url', db.url, '--data-dir', dir], cleanup: () => db.drop() }
    })
    note(`publish, median of the ${10_000 - FILL} after ${FILL}: embedded ${f(embedded.publishMs)} ms, PostgreSQL ${f(postgres.publishMs)} ms (${(postgres.publishMs / embedded.publishMs).toFixed(2)}×); the 10,000th: ${f(embedded.tenThousandthMs)} / ${f(postgres.tenThousandthMs)} ms`)
    note(`GET /api/v1/publications/{id} p99 (1,800 sequential, 1,000 ids): embedded ${f(embedded.getP99Ms)} ms, PostgreSQL ${f(postgres.getP99Ms)} ms (${(postgres.getP99Ms / embedded.getP99Ms).toFixed(2)}×)`)
    note(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  }, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 })
})
