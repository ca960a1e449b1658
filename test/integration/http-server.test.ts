/**
 * A real server on 127.0.0.1 (an ephemeral port): fuzzed and malformed requests never get a 5xx;
 * a burst of run submissions fills the bounded queue, the overflow gets 429 with Retry-After and
 * every accepted run finishes; a run that hits its limits does not stall the queue; `bund serve`
 * prints an operator token on first start and shuts down cleanly on SIGTERM. Every loop is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { startServer, type RunningServer } from '@bund/core/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUND, fixture, ROOT, tempDir } from '../helpers/cli.js'
import { type HttpFixture, httpFixture, register } from '../helpers/http.js'
import { pino } from 'pino'

/** A small seeded generator (mulberry32), so a failing fuzz case can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

/** Sends raw bytes and returns the status line's code (0 when the server just closed). */
function raw(url: string, bytes: string): Promise<number> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes))
    let data = ''
    socket.setTimeout(5_000, () => socket.destroy())
    socket.on('data', (d) => (data += d.toString('latin1')))
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0)))
    socket.on('error', () => resolve(0))
  })
}

describe('a real server: fuzzed requests', () => {
  let f: HttpFixture
  let server: RunningServer
  beforeAll(async () => {
    f = await httpFixture()
    server = await startServer({ store: f.store, port: 0, concurrency: 1, queueCapacity: 5, logger: pino({ level: 'silent' }) })
  })
  afterAll(async () => {
    await server?.close()
    await f?.close()
  })

  it('answers 1,000 malformed or fuzzed requests without a single 5xx', async () => {
    const random = rng(20260601)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
    const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(random() * 0x3000))).join('')
    const paths = [
      '/api/v1/scenarios', '/api/v1/scenarios/fixture/unfair-credit', '/api/v1/scenarios/a/b/versions', '/api/v1/runs', `/api/v1/runs/${f.heldRunId}`,
      `/api/v1/runs/${f.heldRunId}/events`, '/api/v1/publications', `/api/v1/publications/${f.publicationId}`, `/api/v1/publications/${f.publicationId}/artifact`,
      `/api/v1/publications/${f.publicationId}/withdraw`, '/api/v1/held', `/api/v1/held/${f.heldRunId}/release`, '/api/v1/rule-packs/http-test', '/api/v1/audit',
      '/api/v1/tokens', '/api/v1/tokens/tok_123', '/api/v1/author-keys/acme', '/healthz', '/metrics', '/openapi.json', '/docs', '/docs/assets/x',
    ]
    const mutatePath = (p: string): string => {
      switch (Math.floor(random() * 8)) {
        case 0: return p
        case 1: return `${p}/${encodeURIComponent(junk(8))}`
        case 2: return `${p}/%zz%e0%80`
        case 3: return p.replace(/[a-z0-9_-]+$/, 'x'.repeat(Math.floor(random() * 5000)))
        case 4: return `${p}?limit=${pick(['-1', 'NaN', '1e309', '99999999999', '[]', '%00'])}&offset=${pick(['x', '-5', '0.5'])}`
        case 5: return `${p}/../../../etc/passwd`
        case 6: return p.replace('/api/v1/', `/api/v1/${junk(3)}/`)
        default: return `${p}?includeWithdrawn=${pick(['yes', '1', ''])}&scenario=${encodeURIComponent(junk(20))}`
      }
    }
    const bodies = [
      () => '{"scenario":', () => '[]', () => 'null', () => '"string"', () => '{"seed":-1,"scenario":"a/b"}', () => '{"scenario":"bund/credit-scoring","rows":0}',
      () => `{"scenario":"a/b","params":${'['.repeat(5000)}`, () => '{"reason":""}', () => '{"role":"admin"}', () => junk(200), () => '{"__proto__":{"polluted":1},"scenario":1}',
      () => `{"publicKey":"${'A'.repeat(300)}"}`, () => '{"seed":1e400,"scenario":"x/y"}', () => '\u0000\u0001\u0002',
    ]
    const tokens = [undefined, undefined, 'garbage', 'Bearer', `Bearer ${'x'.repeat(3000)}`, `Bearer ${f.tokens.operator}`, `Bearer ${f.tokens.author}`, `Basic ${Buffer.from('a:b').toString('base64')}`]
    const types = ['application/json', 'text/plain', 'multipart/form-data; boundary=zzz', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', '']
    const methods = ['GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']

    const statuses: number[] = []
    const failures: string[] = []
    const started = Date.now()
    let sent = 0
    const worker = async () => {
      while (sent < 980 && Date.now() - started < 90_000) {
        const i = sent++
        const method = pick(methods)
        const path = mutatePath(pick(paths))
        const headers: Record<string, string> = {}
        const token = pick(tokens)
        if (token !== undefined) headers['authorization'] = token.startsWith('Bearer') || token.startsWith('Basic') ? token : `Bearer ${token}`
        const type = pick(types)
        if (type !== '') headers['content-type'] = type
        const body = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies)()
        try {
          const res = await withTimeout(fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }), 10_000, `${method} ${path}`)
          statuses.push(res.status)
          if (res.status >= 500) failures.push(`#${i} ${method} ${path} ${type} → ${res.status} ${(await res.text()).slice(0, 200)}`)
          else await res.arrayBuffer()
        } catch (e) {
          // An invalid URL or header value is refused by the client itself, not sent.
          if (!(e instanceof TypeError)) failures.push(`#${i} ${method} ${path}: ${(e as Error).message}`)
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    // Requests no client library would send: broken request lines, headers, chunking, lengths.
    const rawRequests = [
      'GARBAGE\r\n\r\n', 'GET /healthz HTTP/9.9\r\n\r\n', 'GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n', 'POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a"',
      'POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 'POST /api/v1/scenarios HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 20\r\n\r\n--b\r\nbroken\r\n--b--',
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`, 'DELETE /api/v1/tokens/tok_1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \r\n\r\n',
    ]
    for (let i = 0; i < 20; i++) {
      const status = await raw(server.url, rawRequests[i % rawRequests.length]!)
      statuses.push(status)
      if (status >= 500) failures.push(`raw #${i} → ${status}`)
    }
    expect(failures).toEqual([])
    expect(statuses.length).toBeGreaterThanOrEqual(1000)
    // The server still answers normally afterwards.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })
})

describe('a real server: the bounded run queue', () => {
  let f: HttpFixture
  let server: RunningServer
  beforeAll(async () => {
    f = await httpFixture()
    await register(f.store, fixture('echo-random'))
    await register(f.store, fixture('infinite-loop'))
    server = await startServer({ store: f.store, port: 0, concurrency: 2, queueCapacity: 100, limits: { connectionsPerClient: 256 }, logger: pino({ level: 'silent' }) })
  })
  afterAll(async () => {
    await server?.close()
    await f?.close()
  })

  const submit = (body: unknown) =>
    fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${f.tokens.operator}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })

  async function waitAll(ids: string[], timeoutMs: number): Promise<Map<string, { state: string; status?: string }>> {
    const done = new Map<string, { state: string; status?: string }>()
    const deadline = Date.now() + timeoutMs
    while (done.size < ids.length && Date.now() < deadline) {
      for (const id of ids.filter((x) => !done.has(x))) {
        const body = (await (await fetch(`${server.url}/api/v1/runs/${id}`, { headers: { authorization: `Bearer ${f.tokens.operator}` } })).json()) as { state: string; status?: string }
        if (body.state === 'finished' || body.state === 'rejected') done.set(id, body)
      }
      if (done.size < ids.length) await new Promise((r) => setTimeout(r, 250))
    }
    return done
  }

  it('accepts what fits, answers the overflow of 200 concurrent submissions with 429 + Retry-After, and finishes every accepted run', async () => {
    const rssBefore = process.memoryUsage().rss
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => submit({ scenario: 'fixture/echo-random', seed: i, rows: 100 })))
    const accepted: string[] = []
    let refused = 0
    for (const res of responses) {
      if (res.status === 202) accepted.push(((await res.json()) as { id: string }).id)
      else {
        expect(res.status).toBe(429)
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
        const p = (await res.json()) as { code: string; retryAfterSeconds: number }
        expect(p.code).toBe('QUEUE_FULL')
        refused++
      }
    }
    // Two running and a hundred waiting fit; everything else is refused at once. A run that
    // finishes while the burst is still arriving frees a place, so exactly that many more may get in.
    const stats = server.deps.queue.stats()
    expect(accepted.length).toBeGreaterThanOrEqual(102)
    expect(accepted.length).toBeLessThanOrEqual(102 + stats.finished + stats.rejected)
    expect(accepted.length + refused).toBe(200)
    expect(stats.queued).toBeLessThanOrEqual(100)
    const done = await waitAll(accepted, 150_000)
    expect(done.size).toBe(accepted.length)
    expect([...done.values()].every((r) => r.state === 'finished')).toBe(true)
    expect((await Promise.all(accepted.map((id) => f.store.getRun(id)))).every((r) => r !== undefined)).toBe(true)
    // Memory stays bounded: a refused submission costs nothing, and finished runs leave the queue.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024)
    expect(server.deps.queue.stats()).toMatchObject({ queued: 0, running: 0 })
  }, 180_000)

  it('does not stall behind a run that hits its limits', async () => {
    const loops = await Promise.all([submit({ scenario: 'fixture/infinite-loop' }), submit({ scenario: 'fixture/infinite-loop' })])
    const quick = await submit({ scenario: 'fixture/echo-random', seed: 999, rows: 100 })
    const ids = [...(await Promise.all(loops.map((r) => r.json()))), await quick.json()].map((b) => (b as { id: string }).id)
    const done = await waitAll(ids, 60_000)
    expect(done.get(ids[2]!)).toMatchObject({ state: 'finished' })
    for (const id of ids.slice(0, 2)) {
      expect(done.get(id)).toMatchObject({ state: 'finished', status: 'failed' })
      expect((await f.store.getRun(id))?.error?.code).toBe('SANDBOX_TIMEOUT')
    }
  }, 90_000)
})

describe('bund serve', () => {
  function serve(dataDir: string): { child: ChildProcess; url: Promise<string>; output: () => string } {
    const child = spawn(process.execPath, [BUND, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const url = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bund serve did not start: ${out}`)), 30_000)
      child.stdout.on('data', () => {
        const m = /Bund API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      })
      child.once('exit', (code) => reject(new Error(`bund serve exited ${code}: ${out}`)))
    })
    return { child, url, output: () => out }
  }

  function exited(child: ChildProcess): Promise<number | null> {
    return withTimeout(new Promise((resolve) => child.once('exit', (code) => resolve(code))), 15_000, 'bund serve shutdown')
  }

  it('prints an operator token on first start only, serves with it, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir()
    const first = serve(dataDir)
    const url = await first.url
    const token = /\n {2}(bund_[A-Za-z0-9_-]+)\n/.exec(first.output())?.[1]
    expect(token).toBeDefined()
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    const tokens = await fetch(`${url}/api/v1/tokens`, { headers: { authorization: `Bearer ${token}` } })
    expect(tokens.status).toBe(200)
    first.child.kill('SIGTERM')
    expect(await exited(first.child)).toBe(0)
    // What stopping does to runs, as the README says it (accepted runs are journaled, not dropped).
    expect(first.output()).toContain('bund: SIGTERM: stopping (waiting runs stay accepted and resume at the next start; running ones are ended and recorded as failed)')

    // The lock was released and the token kept: a second start prints none.
    const second = serve(dataDir)
    const url2 = await second.url
    expect(second.output()).not.toMatch(/bund_[A-Za-z0-9_-]{20,}/)
    expect((await fetch(`${url2}/api/v1/tokens`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    second.child.kill('SIGINT')
    expect(await exited(second.child)).toBe(0)
  }, 60_000)

  it('refuses bad options with a USAGE line', async () => {
    const child = spawn(process.execPath, [BUND, 'serve', '--port', 'eighty', '--data-dir', tempDir()], { cwd: ROOT })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    expect(await exited(child)).toBe(2)
    expect(err).toContain('bund: USAGE: --port must be an integer')
  })
})
