/**
 * HTTP speed (`npx vitest bench --run --config test/vitest.config.ts test/bench/http.bench.ts` after
 * a build). Goal (issue 6): GET of a publication at ≥ 60% of the requests per second of a bare hono
 * route on @hono/node-server measured in the same run, with p99 < 20 ms.
 *
 * Each server runs in its own process (so autocannon, here, does not share their event loop) on
 * 127.0.0.1; autocannon drives each for 10 s with 10 connections after a 1 s warm-up. The Bund
 * server is the real one: every middleware (request id, secure headers, body limit, bearer auth,
 * access log to a file, metrics) and the store on disk. The machine is shared with other work, so
 * only the ratio of the two figures measured back to back is meaningful.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { afterAll, beforeAll, bench, describe } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { httpFixture } from '../helpers/http.js'

const DURATION_S = 10
const CONNECTIONS = 10

const BARE = `
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
const app = new Hono().get('/', (c) => c.json({ ok: true }))
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log('URL http://127.0.0.1:' + info.port))
`

const BUND = (dataDir: string, logFile: string) => `
import { openStore } from '@bund/core'
import { createServerLogger, startServer } from '@bund/core/http'
const store = await openStore(${JSON.stringify(dataDir)})
const logger = createServerLogger({ dest: ${JSON.stringify(logFile)} })
const server = await startServer({ store, port: 0, concurrency: 1, logger })
console.log('URL ' + server.url)
`

function start(code: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--no-node-snapshot', '--input-type=module', '-e', code], { cwd: join(ROOT, 'test'), stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000)
    child.stdout!.on('data', (d) => {
      out += d
      const m = /URL (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1]! })
      }
    })
  })
}

async function measure(url: string): Promise<{ rps: number; p99: number; p50: number; errors: number; non2xx: number }> {
  await autocannon({ url, connections: CONNECTIONS, duration: 1 })
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S })
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, errors: r.errors + r.timeouts, non2xx: r.non2xx }
}

const results: Record<string, Awaited<ReturnType<typeof measure>>> = {}
const children: ChildProcess[] = []
let bare = ''
let publication = ''

beforeAll(async () => {
  const f = await httpFixture()
  const dataDir = f.dataDir
  const id = f.publicationId
  await f.close()
  const a = await start(BARE)
  const b = await start(BUND(dataDir, join(dataDir, 'access.log')))
  children.push(a.child, b.child)
  bare = `${a.url}/`
  publication = `${b.url}/api/v1/publications/${id}`
}, 120_000)

afterAll(() => {
  for (const c of children) c.kill('SIGTERM')
  const base = results['bare']
  const pub = results['publication']
  if (base === undefined || pub === undefined) return
  const ratio = pub.rps / base.rps
  const line = (name: string, r: typeof base) => `  ${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   errors ${r.errors}   non-2xx ${r.non2xx}`
  console.log(
    [
      '',
      `HTTP benchmark (autocannon, 127.0.0.1, ${CONNECTIONS} connections, ${DURATION_S} s each; shared, noisy machine):`,
      line('bare hono route (baseline)', base),
      line('GET /api/v1/publications/{id}', pub),
      `  ratio ${(ratio * 100).toFixed(1)}% of the baseline (goal ≥ 60%): ${ratio >= 0.6 ? 'met' : 'NOT met'}; p99 ${pub.p99} ms (goal < 20 ms): ${pub.p99 < 20 ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  )
})

const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 }

describe(`HTTP: GET of a publication vs a bare hono route (${DURATION_S} s each)`, () => {
  bench('bare hono route (baseline)', async () => void (results['bare'] = await measure(bare)), once)
  bench('GET /api/v1/publications/{id}', async () => void (results['publication'] = await measure(publication)), once)
})
