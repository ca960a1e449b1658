/**
 * HTTP speed (`npx vitest bench --run --config test/vitest.config.ts test/bench/http.bench.ts` after
 * a build). Goal (issue 6): GET of a publication at ≥ 60% of the requests per second of a bare hono
 * route on @hono/node-server measured in the same run, with p99 < 20 ms.
 *
 * Each server runs in its own process (so autocannon, here, does not share their event loop) on
 * 127.0.0.1; autocannon drives each for 10 s with 10 connections after a 1 s warm-up, in ROUNDS
 * interleaved rounds (the order alternates). The Bund server is the real one (`startServer`), with
 * the store on disk and the access log to a file; its anonymous GET of a publication is answered by
 * the fast path before the app (request id, security headers, access log, metrics all the same).
 * The machine is shared with other work, so only ratios of figures measured back to
 * back are meaningful: each round's ratio is printed, and the median. Beside req/s, each server's
 * CPU time per request (from /proc) is printed, which the machine's load disturbs less.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { afterAll, beforeAll, bench, describe } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { httpFixture } from '../helpers/http.js'

const DURATION_S = 10
const CONNECTIONS = 10
const ROUNDS = 3

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

/** CPU time (user + system) a process has used, in ms; undefined where /proc is missing. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

interface Measured {
  rps: number
  p99: number
  p50: number
  errors: number
  non2xx: number
  cpuUsPerRequest: number | undefined
}

async function measure(url: string, child: ChildProcess): Promise<Measured> {
  await autocannon({ url, connections: CONNECTIONS, duration: 1 })
  const before = cpuMs(child.pid)
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S })
  const after = cpuMs(child.pid)
  const cpuUsPerRequest = before === undefined || after === undefined ? undefined : ((after - before) * 1000) / r.requests.total
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpuUsPerRequest }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

const rounds: Array<{ bare: Measured; publication: Measured; load: number }> = []
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
  if (rounds.length === 0) return
  const line = (name: string, r: Measured) =>
    `    ${name.padEnd(32)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   ${r.cpuUsPerRequest === undefined ? '' : `CPU ${r.cpuUsPerRequest.toFixed(0)} µs/request   `}errors ${r.errors}   non-2xx ${r.non2xx}`
  const ratio = median(rounds.map((r) => r.publication.rps / r.bare.rps))
  const p99 = Math.max(...rounds.map((r) => r.publication.p99))
  console.log(
    [
      '',
      `HTTP benchmark (autocannon, 127.0.0.1, ${CONNECTIONS} connections, ${DURATION_S} s each, ${rounds.length} interleaved rounds; shared, noisy machine):`,
      ...rounds.flatMap((r, i) => [
        `  round ${i + 1} (load average ${r.load.toFixed(1)}): ratio ${((100 * r.publication.rps) / r.bare.rps).toFixed(1)}%`,
        line('bare hono route (baseline)', r.bare),
        line('GET /api/v1/publications/{id}', r.publication),
      ]),
      `  median ratio ${(ratio * 100).toFixed(1)}% of the baseline (goal ≥ 60%): ${ratio >= 0.6 ? 'met' : 'NOT met'}; worst p99 ${p99} ms (goal < 20 ms): ${p99 < 20 ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  )
})

const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 }

describe(`HTTP: GET of a publication vs a bare hono route (${DURATION_S} s each, ${ROUNDS} rounds)`, () => {
  bench(
    'bare hono route and GET /api/v1/publications/{id}, interleaved',
    async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const [b, p] = [children[0]!, children[1]!]
        if (i % 2 === 0) {
          const bareRound = await measure(bare, b)
          rounds.push({ bare: bareRound, publication: await measure(publication, p), load: loadavg()[0]! })
        } else {
          const publicationRound = await measure(publication, p)
          rounds.push({ bare: await measure(bare, b), publication: publicationRound, load: loadavg()[0]! })
        }
      }
    },
    once,
  )
})
