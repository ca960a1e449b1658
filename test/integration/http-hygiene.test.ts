/**
 * Request hygiene on a real socket, tried as an anonymous client would: bodies refused before they
 * are read, slow headers cut off, connection and stream caps (every early refusal is problem+json
 * with a stable code), same-origin `next` only, unpublished
 * versions hidden, no data-dir path in any answer, /healthz fast under heavy page load, and
 * read-only commands beside a running server.
 */
import { connect } from 'node:net'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { type RunningServer, startServer } from '@bund/core/http'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bund } from '../helpers/cli.js'
import { type HttpFixture, httpFixture } from '../helpers/http.js'

let f: HttpFixture
let server: RunningServer
let host: string
let port: number

beforeAll(async () => {
  f = await httpFixture()
  server = await startServer({
    store: f.store,
    port: 0,
    concurrency: 1,
    logger: pino({ level: 'silent' }),
    limits: { connectionsPerClient: 20, headersTimeoutMs: 600, requestTimeoutMs: 1500, idleTimeoutMs: 1000, streamsPerToken: 1, streams: 4, renders: 2 },
  })
  const url = new URL(server.url)
  host = url.hostname
  port = Number(url.port)
}, 120_000)
afterAll(async () => {
  await server?.close()
  await f?.close()
})

/** Writes raw bytes on a new connection; resolves with what came back when the server closed it or `ms` passed. */
function raw(bytes: string, ms = 3000, keepWriting?: () => string): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, host)
    let text = ''
    let closed = false
    const pump = keepWriting ? setInterval(() => socket.writable && socket.write(keepWriting()), 20) : undefined
    const done = () => {
      if (pump) clearInterval(pump)
      socket.destroy()
      resolve({ text, closed })
    }
    const timer = setTimeout(done, ms)
    socket.on('data', (d) => {
      text += d.toString('latin1')
    })
    socket.on('close', () => {
      closed = true
      clearTimeout(timer)
      done()
    })
    socket.on('error', () => undefined)
    socket.write(bytes)
  })
}

/** The problem+json body of a raw HTTP/1.1 answer with `status` (checks the status line and content type). */
function problemOf(text: string, status: number): Record<string, unknown> {
  expect(text).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `))
  const [head, body] = text.split('\r\n\r\n') as [string, string]
  expect(head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i)
  const length = /\r\ncontent-length: (\d+)/i.exec(head)?.[1]
  expect(Buffer.byteLength(body)).toBe(Number(length))
  return JSON.parse(body) as Record<string, unknown>
}

describe('request hygiene', () => {
  it('an anonymous chunked body is refused with 401 before it is read', async () => {
    let sent = 0
    const chunk = 'x'.repeat(64 * 1024)
    const r = await raw(
      'POST /api/v1/scenarios HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n',
      3000,
      () => {
        sent += chunk.length
        return `${chunk.length.toString(16)}\r\n${chunk}\r\n`
      },
    )
    expect(r.text).toMatch(/^HTTP\/1\.1 401 /)
    expect(r.text).toContain('"code":"UNAUTHORIZED"')
    // Far less than the 33 MiB upload cap went in before the answer (the client kept sending).
    expect(sent).toBeLessThan(33 * 1024 * 1024)
  })

  it('an authenticated chunked body is counted as it arrives: 413 BODY_TOO_LARGE soon after the cap, not after the whole body', async () => {
    let sent = 0
    const chunk = 'x'.repeat(64 * 1024)
    const r = await raw(`POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${f.tokens.operator}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n`, 4000, () => {
      sent += chunk.length
      return `${chunk.length.toString(16)}\r\n${chunk}\r\n`
    })
    expect(problemOf(r.text, 413)).toMatchObject({ code: 'BODY_TOO_LARGE' })
    // The cap is 1 MiB; the client kept sending for up to 4 s, 64 KiB every 20 ms.
    expect(sent).toBeLessThan(8 * 1024 * 1024)
  })

  it('a client that sends its headers too slowly is cut off (header timeout) with 408 problem+json', async () => {
    const started = Date.now()
    const r = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ', 5000)
    expect(r.closed).toBe(true)
    expect(Date.now() - started).toBeLessThan(4000)
    expect(problemOf(r.text, 408)).toMatchObject({ code: 'REQUEST_TIMEOUT', status: 408 })
  })

  it('a body that stops arriving is cut off (request timeout) with 408 problem+json', async () => {
    const started = Date.now()
    const r = await raw(`POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${f.tokens.operator}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"role":`, 6000)
    expect(r.closed).toBe(true)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(problemOf(r.text, 408)).toMatchObject({ code: 'REQUEST_TIMEOUT', status: 408 })
  })

  it('an idle kept-alive connection is closed (idle timeout)', async () => {
    const started = Date.now()
    const r = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 6000)
    expect(r.text).toMatch(/^HTTP\/1\.1 200 /)
    expect(r.closed).toBe(true)
    expect(Date.now() - started).toBeLessThan(4000)
  })

  it('headers too large (431) and bytes that are no HTTP (400) answer problem+json too', async () => {
    const big = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`)
    expect(problemOf(big.text, 431)).toMatchObject({ code: 'HEADERS_TOO_LARGE' })
    const junk = await raw('HELLO THERE\r\n\r\n')
    expect(problemOf(junk.text, 400)).toMatchObject({ code: 'REQUEST_MALFORMED' })
  })

  it('a body over the limit is 413 problem+json BODY_TOO_LARGE, on the API and on a dashboard form', async () => {
    // On raw connections of their own: the server closes a connection whose body it refused.
    const api = await raw(`POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${f.tokens.operator}\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{"role":"author",`)
    expect(problemOf(api.text, 413)).toMatchObject({ code: 'BODY_TOO_LARGE' })
    const form = await raw(`POST /login HTTP/1.1\r\nHost: ${host}:${port}\r\nOrigin: ${server.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${20 * 1024}\r\n\r\ntoken=`)
    expect(problemOf(form.text, 413)).toMatchObject({ code: 'BODY_TOO_LARGE' })
    // A cross-origin form post: 403 problem+json.
    const cross = await raw(`POST /login HTTP/1.1\r\nHost: ${host}:${port}\r\nOrigin: https://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\nConnection: close\r\n\r\ntoken=x`)
    expect(problemOf(cross.text, 403)).toMatchObject({ code: 'FORBIDDEN' })
    // Every other dashboard form too (sign-out, release), from another origin or with none named.
    for (const [path, origin] of [['/logout', 'https://evil.example'], [`/runs/${f.heldRunId}/release`, 'https://evil.example'], ['/logout', 'null']] as const) {
      const other = await raw(`POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nOrigin: ${origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\nConnection: close\r\n\r\ncsrf=x`)
      expect(problemOf(other.text, 403), path).toMatchObject({ code: 'FORBIDDEN' })
    }
  })

  it('event streams over the cap (API and dashboard) are 429 problem+json RATE_LIMITED with Retry-After', async () => {
    const operator = (await f.store.listTokens()).find((t) => t.role === 'operator' && t.revokedAt === undefined)!
    // Sign in to the dashboard (its session counts against the operator token's streams).
    const login = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(f.tokens.operator)}&next=%2F` })
    expect(login.status).toBe(303)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
    const accepted = await fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${f.tokens.operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'bund/credit-scoring', seed: 3 }) })
    expect(accepted.status).toBe(202)
    const { id } = (await accepted.json()) as { id: string }
    // The token's one stream (streamsPerToken: 1) is taken.
    const hold = server.deps.streams.acquire(operator.id)
    try {
      for (const [path, headers] of [[`/api/v1/runs/${id}/events`, { authorization: `Bearer ${f.tokens.operator}` }], [`/runs/${id}/events`, { cookie }]] as const) {
        const res = await fetch(`${server.url}${path}`, { headers })
        expect(res.status, path).toBe(429)
        expect(res.headers.get('content-type'), path).toBe('application/problem+json')
        expect(res.headers.get('retry-after'), path).toBe('5')
        expect((await res.json()) as object, path).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 5 })
      }
    } finally {
      hold()
    }
    // Without a session, or for no such run: problem+json as well.
    const anonymous = await fetch(`${server.url}/runs/${id}/events`)
    expect([anonymous.status, anonymous.headers.get('content-type')]).toEqual([401, 'application/problem+json'])
    const none = await fetch(`${server.url}/runs/run_nope/events`, { headers: { cookie } })
    expect([none.status, none.headers.get('content-type')]).toEqual([404, 'application/problem+json'])
  }, 60_000)

  it('event streams over the server-wide cap are 429 problem+json RATE_LIMITED, whichever token asks', async () => {
    const accepted = await fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${f.tokens.operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'bund/credit-scoring', seed: 4 }) })
    expect(accepted.status).toBe(202)
    const { id } = (await accepted.json()) as { id: string }
    // Four streams (the cap in all) held by other tokens.
    const holds = ['a', 'b', 'c', 'd'].map((k) => server.deps.streams.acquire(`other-${k}`))
    try {
      const res = await fetch(`${server.url}/api/v1/runs/${id}/events`, { headers: { authorization: `Bearer ${f.tokens.operator}` } })
      expect([res.status, res.headers.get('content-type'), res.headers.get('retry-after')]).toEqual([429, 'application/problem+json', '5'])
      expect((await res.json()) as object).toMatchObject({ code: 'RATE_LIMITED', detail: expect.stringMatching(/4 event streams open, its limit/) })
    } finally {
      for (const release of holds) release()
    }
  }, 60_000)

  it('caps open connections per client: one more than the cap gets 429 and is closed', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 20 }, () => new Promise<ReturnType<typeof connect>>((resolve) => {
        const s = connect(port, host, () => resolve(s))
        s.on('error', () => undefined)
      })),
    )
    try {
      const extra = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 2000)
      expect(extra.closed).toBe(true)
      const problem = problemOf(extra.text, 429)
      expect(problem).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 5, detail: expect.stringMatching(/already has 20 connections open \(limit 20\)/) })
      expect(extra.text).toMatch(/\r\nretry-after: 5\r\n/i)
      expect(extra.text).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i)
    } finally {
      for (const s of sockets) s.destroy()
    }
    await new Promise((r) => setTimeout(r, 100))
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it('login keeps only same-origin relative next targets', async () => {
    for (const next of ['/%09/evil.example', '//evil.example', '/\\evil.example', 'https://evil.example', '/%2F%2Fevil.example', '/\t/evil.example', '/%5Cevil.example', '/%5C%5Cevil.example', '%2F%2Fevil.example', '/%0A/evil.example', '/%0D%0A/evil.example', ' //evil.example', 'javascript:alert(1)', '/\\/evil.example', '///evil.example', '/%2f%2fevil.example']) {
      const page = await (await fetch(`${server.url}/login?next=${encodeURIComponent(next)}`)).text()
      expect(page, next).toMatch(/name="next" value="\/review"/)
    }
    const ok = await (await fetch(`${server.url}/login?next=${encodeURIComponent('/scenarios/bund/credit-scoring')}`)).text()
    expect(ok).toMatch(/name="next" value="\/scenarios\/bund\/credit-scoring"/)
  })

  it('an unpublished version is hidden from the public, shown to operators', async () => {
    const current = (await f.store.getScenario('bund/credit-scoring'))!
    await f.store.putScenario({ ...current, version: '99.0.0' }, 'test')
    const versions = (await (await fetch(`${server.url}/api/v1/scenarios/bund/credit-scoring/versions`)).json()) as { versions: Array<{ version: string }> }
    expect(versions.versions.map((v) => v.version)).toEqual([current.version])
    expect((await fetch(`${server.url}/api/v1/scenarios/bund/credit-scoring?version=99.0.0`)).status).toBe(404)
    expect(((await (await fetch(`${server.url}/api/v1/scenarios/bund/credit-scoring`)).json()) as { version: string }).version).toBe(current.version)
    for (const path of ['/scenarios/bund/credit-scoring', '/scenarios/bund/credit-scoring/compare?seed=7', '/', '/api/v1/scenarios', '/api/v1/publications?scenario=bund/credit-scoring']) {
      expect(await (await fetch(`${server.url}${path}`)).text(), path).not.toContain('99.0.0')
    }
    expect(((await (await fetch(`${server.url}/api/v1/publications?scenario=bund/credit-scoring&version=99.0.0`)).json()) as { items: unknown[] }).items).toEqual([])
    const asOperator = (await (await fetch(`${server.url}/api/v1/scenarios/bund/credit-scoring/versions`, { headers: { authorization: `Bearer ${f.tokens.operator}` } })).json()) as { versions: Array<{ version: string }> }
    expect(asOperator.versions.map((v) => v.version)).toContain('99.0.0')
  })

  it('read-only commands work beside the running server', async () => {
    for (const args of [['scenarios', '--json'], ['audit', 'verify'], ['verify', f.publicationId], ['doctor']]) {
      const r = await bund([...args, '--data-dir', f.dataDir])
      expect(r.stderr, args.join(' ')).not.toMatch(/STORE_LOCKED/)
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
    }
  })

  // /healthz under anonymous load on a real server over thousands of publications: http-load.test.ts.
  it('an anonymous page not yet rendered is 503 SERVER_BUSY problem+json with Retry-After while every render slot is taken; rendered ones are still served', { timeout: 90_000 }, async () => {
    const renders = server.deps.renders!
    // The run an earlier test queued changes the store's state when it ends (every kept answer is then stale): let it end first.
    for (const until = Date.now() + 60_000; server.deps.queue.active().length > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100))
    // Rendered once for this store state (HEAD is a GET without the body: kept alike). Earlier
    // tests' renders may have used up the time share for a moment: a client waits Retry-After.
    const getRendered = async (path: string) => {
      const first = await fetch(`${server.url}${path}`)
      if (first.status !== 503) return first.status
      await new Promise((r) => setTimeout(r, Number(first.headers.get('retry-after')) * 1000))
      return (await fetch(`${server.url}${path}`)).status
    }
    expect(await getRendered('/scenarios/bund/credit-scoring')).toBe(200)
    const holds = Array.from({ length: renders.slots }, () => renders.acquire())
    try {
      for (const [path, method] of [['/scenarios/bund/credit-scoring?page=2', 'GET'], ['/api/v1/publications?limit=7', 'GET'], ['/?x=1', 'HEAD']] as const) {
        const res = await fetch(`${server.url}${path}`, { method })
        expect(res.status, path).toBe(503)
        expect(res.headers.get('content-type'), path).toBe('application/problem+json')
        expect(res.headers.get('retry-after'), path).toBe('1')
        if (method === 'GET') expect((await res.json()) as object, path).toMatchObject({ code: 'SERVER_BUSY', status: 503, retryAfterSeconds: 1, detail: expect.stringMatching(/retry in 1 s/) })
      }
      // What was rendered is served; /healthz and callers with a token are not capped.
      const kept = await fetch(`${server.url}/scenarios/bund/credit-scoring`)
      expect([kept.status, kept.headers.get('content-type')]).toEqual([200, 'text/html; charset=UTF-8'])
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      expect((await fetch(`${server.url}/api/v1/publications?limit=7`, { headers: { authorization: `Bearer ${f.tokens.operator}` } })).status).toBe(200)
    } finally {
      for (const release of holds) release()
    }
    expect(await getRendered('/scenarios/bund/credit-scoring?page=2')).toBe(200)
  })

  it('no answer carries the data directory path, even when an artifact is missing', async () => {
    const p = (await f.store.getPublication(f.publicationId))!
    rmSync(join(f.dataDir, 'artifacts', p.outputHash.slice(0, 2), p.outputHash), { force: true })
    for (const path of [`/publications/${p.id}`, `/publications/${p.id}?lang=zh-CN`, `/api/v1/publications/${p.id}/artifact`, `/api/v1/publications/${p.id}`, `/api/v1/publications/${p.id}/evidence`, `/api/v1/publications/${p.id}/attestation`, `/publications/${p.id}/report.pdf`, `/runs/${p.runId}`, '/publications/pub_00000000000000000000000000000000', '/no/such/page', '/api/v1/no-such-route']) {
      const text = await (await fetch(`${server.url}${path}`)).text()
      expect(text, path).not.toContain(f.dataDir)
    }
  })
})
