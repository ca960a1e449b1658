/**
 * Anonymous load on a real `bund serve` process over a store of thousands of publications: while a
 * separate process of anonymous clients asks for the heavy pages (the overview, the scenario page and
 * its deep pages, publication pages, listings at any offset, the OpenAPI document, comparisons, HEAD
 * requests, cache-busting query strings), `/healthz` must keep answering within 100 ms at the 99th
 * percentile, and every answer the clients get is the page or a 503 SERVER_BUSY problem+json with
 * Retry-After, never a 5xx of another kind. Everything runs on 127.0.0.1, bounded in clients and time.
 */
import { spawn } from 'node:child_process'
import { Agent, get } from 'node:http'
import { rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { loadScenarioDir, openStore, publicationId, runScenario, WorkerPool, workerEntry } from '@bund/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'
import { CREDIT_SCORING, TEST_RULES } from '../helpers/http.js'
import { type BundProcess, startBund } from '../helpers/nodes.js'

/** Publications in the store: enough that a render over all of them would show. */
const PUBLICATIONS = 3000
const CLIENTS = 8
const LOAD_MS = 5000

let dataDir: string
let server: BundProcess
let url: string
let publications: string[]

beforeAll(async () => {
  dataDir = tempDir('bund-load-')
  const store = await openStore(dataDir)
  try {
    // One real run (its output artifact draws the publication page's charts), then thousands more
    // publications of the same scenario written through the store as the runner records them.
    const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
    let first: string
    try {
      const report = await runScenario(store, pool, { scenario: loadScenarioDir(CREDIT_SCORING), seed: 7, rulePacks: TEST_RULES, actor: 'test' })
      first = report.publicationId as string
    } finally {
      await pool.close()
    }
    const real = (await store.getPublication(first))!
    const run = (await store.getRun(real.runId))!
    const { id: _id, signature: _s, keyId: _k, withdrawn: _w, ...body } = real
    publications = [first]
    for (let n = 1; n < PUBLICATIONS; ) {
      const batch = []
      for (let k = 0; k < 200 && n < PUBLICATIONS; k++, n++) {
        const at = new Date(Date.parse(real.publishedAt) + n * 1000).toISOString()
        const pub = { ...body, runId: `run_load_${n}`, seed: 1000 + n, publishedAt: at }
        batch.push(store.recordRun({ ...run, id: pub.runId, seed: pub.seed, startedAt: at, finishedAt: at }, { id: publicationId(pub), ...pub }, 'test'))
      }
      for (const p of await Promise.all(batch)) publications.push(p!.id)
    }
  } finally {
    await store.close()
  }
  server = startBund(['serve', '--port', '0', '--concurrency', '1', '--log-level', 'error', '--data-dir', dataDir])
  url = (await server.waitFor(/Bund API on (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1] as string
}, 300_000)

afterAll(async () => {
  probeAgent.destroy()
  await server?.kill('SIGTERM')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/**
 * The anonymous clients, as a process of their own (so their work is not counted in the test's own
 * timings): `CLIENTS` loops of requests for `LOAD_MS`, printing the statuses they got and any
 * refusal that was not a well-formed SERVER_BUSY.
 */
const LOADER = `
const http = require('node:http')
const [url, ids, clients, ms] = [new URL(process.argv[1]), JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8')), Number(process.argv[3]), Number(process.argv[4])]
const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
const r = (n) => Math.floor(Math.random() * n)
// Mostly answers no cache can hold (another page, offset, seed or query string each time), the
// costliest the server has, and a few popular pages.
const heavy = [
  () => '/scenarios/bund/credit-scoring?page=' + (1 + r(60)) + '&x=' + r(1e9), () => '/api/v1/publications?limit=100&offset=' + r(3000),
  () => '/publications/' + ids[r(ids.length)] + '?x=' + r(1e9), () => '/scenarios/bund/credit-scoring/compare?seed=' + (1000 + r(3000)),
  () => '/scenarios/bund/credit-scoring?lang=zh-CN&x=' + r(1e9), () => '/api/v1/publications?limit=100&scenario=bund/credit-scoring&offset=' + r(3000),
  () => '/', () => '/scenarios/bund/credit-scoring', () => '/openapi.json', () => '/publications/' + ids[0], () => '/api/v1/scenarios',
]
const get = (path, method) => new Promise((resolve, reject) => {
  const req = http.request({ host: url.hostname, port: url.port, path, method, agent }, (res) => {
    const chunks = []
    res.on('data', (d) => chunks.push(d))
    res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }))
  })
  req.on('error', reject)
  req.end()
})
const statuses = {}, bad = []
const until = Date.now() + ms
Promise.all(Array.from({ length: clients }, async (_, i) => {
  for (let n = 0; Date.now() < until; n++) {
    const path = heavy[(i + n) % heavy.length]()
    const head = n % 5 === 4
    const res = await get(path, head ? 'HEAD' : 'GET')
    statuses[res.status] = (statuses[res.status] ?? 0) + 1
    if (res.status === 503 && res.headers['retry-after'] === '1' && res.headers['content-type'] === 'application/problem+json' && (head || JSON.parse(res.text).code === 'SERVER_BUSY')) continue
    if (res.status !== 200) bad.push(res.status + ' ' + path + ' ' + res.text.slice(0, 200))
  }
})).then(() => console.log(JSON.stringify({ statuses, bad: bad.slice(0, 10) })), (e) => console.log(JSON.stringify({ statuses, bad: [String(e)] })))
`

/** One GET /healthz on a kept-alive connection: its status. */
const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 })
function healthz(): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/healthz`, { agent: probeAgent }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    }).on('error', reject)
  })
}

/** /healthz asked one after another (2 ms apart) for `ms`: each answer's time. */
async function probe(ms: number): Promise<number[]> {
  const times: number[] = []
  const until = Date.now() + ms
  while (Date.now() < until) {
    const t = performance.now()
    const status = await healthz()
    times.push(performance.now() - t)
    expect(status).toBe(200)
    await new Promise((r) => setTimeout(r, 2))
  }
  return times
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number
}

interface Attempt {
  p99: number
  probes: number
  answered: number
  pages: number
  bad: string[]
  what: string
}

const ATTEMPTS = 3

/** /healthz alone (a baseline of this machine now), then under the clients' load: what each saw. */
async function attempt(ids: string): Promise<Attempt> {
  // The probe's connection is opened before measuring.
  expect(await healthz()).toBe(200)
  const idle = await probe(1500)
  const loader = spawn('nice', ['-n', '19', process.execPath, '-e', LOADER, url, ids, String(CLIENTS), String(LOAD_MS)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  loader.stdout.on('data', (d) => (out += d))
  loader.stderr.on('data', (d) => (out += d))
  const loaded = new Promise<void>((resolve) => loader.once('exit', () => resolve()))
  await new Promise((r) => setTimeout(r, 500))
  const times = await probe(LOAD_MS - 1000)
  await loaded
  const { statuses, bad } = JSON.parse(out) as { statuses: Record<string, number>; bad: string[] }
  const p99 = percentile(times, 0.99)
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0)
  const what = `healthz under load p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${times.length} requests (alone before: p50 ${percentile(idle, 0.5).toFixed(1)} ms, p99 ${percentile(idle, 0.99).toFixed(1)} ms over ${idle.length}); clients got ${JSON.stringify(statuses)}; load average ${loadavg()[0]?.toFixed(1)}`
  console.log(what)
  return { p99, probes: times.length, answered, pages: statuses['200'] ?? 0, bad, what }
}

describe('anonymous load', () => {
  it(`/healthz stays under 100 ms p99 while ${CLIENTS} anonymous clients load the heavy pages of ${PUBLICATIONS} publications`, async () => {
    const ids = join(dataDir, 'ids.json')
    writeFileSync(ids, JSON.stringify(publications.slice(0, 1000)))
    // Other processes on a shared machine only ever make /healthz slower, never faster, so the
    // measurement is made up to three times and the best kept: a server that blocks its event loop
    // fails every attempt. Each attempt is printed.
    const attempts: Attempt[] = []
    for (let i = 0; i < ATTEMPTS && !attempts.some((a) => a.p99 < 100); i++) attempts.push(await attempt(ids))
    const best = attempts.reduce((a, b) => (b.p99 < a.p99 ? b : a))
    const what = attempts.map((a) => a.what).join('\n')
    expect(attempts.flatMap((a) => a.bad), what).toEqual([])
    // The clients did load the server: hundreds of answers, many of them pages.
    expect(best.answered, what).toBeGreaterThan(200)
    expect(best.pages, what).toBeGreaterThan(100)
    expect(best.probes, what).toBeGreaterThan(100)
    expect(best.p99, what).toBeLessThan(100)
  }, 120_000)
})
