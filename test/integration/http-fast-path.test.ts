/**
 * Anonymous reads of a publication are answered before the app (core/src/http/publication-fast-path.ts).
 * On a real server, what a caller sees must not depend on which path answered: the same status,
 * headers and bytes as the app's own route (reached here with a token), the same request ids,
 * access-log lines and metrics; and everything that is not the plain case still reaches the app.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createServerLogger, flushLogger, publicationFastPath, startServer, type RunningServer } from '@bund/core/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/cli.js'
import { type HttpFixture, auth, httpFixture } from '../helpers/http.js'
import { readFileSync } from 'node:fs'

let f: HttpFixture
let server: RunningServer
let logFile: string
let path: string

beforeAll(async () => {
  f = await httpFixture()
  logFile = join(tempDir('bund-fast-'), 'access.log')
  server = await startServer({ store: f.store, port: 0, concurrency: 1, logger: createServerLogger({ dest: logFile }) })
  path = `/api/v1/publications/${f.publicationId}`
})
afterAll(async () => {
  await server?.close()
  await f?.close()
})

async function get(p: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(server.url + p, { method, headers })
  const body = new Uint8Array(await res.arrayBuffer())
  const h = Object.fromEntries([...res.headers].filter(([k]) => k !== 'date'))
  return { status: res.status, headers: h, body }
}

describe('GET of a publication by anonymous callers', () => {
  it('gives the same status, headers and bytes as the app’s route', async () => {
    const fast = await get(path, { 'x-request-id': 'same-id-1' })
    const app = await get(path, auth(f.tokens.operator, { 'x-request-id': 'same-id-1' }))
    expect(fast.status).toBe(200)
    expect(fast.headers).toEqual(app.headers)
    expect(fast.body).toEqual(app.body)
    expect(JSON.parse(new TextDecoder().decode(fast.body))).toMatchObject({ id: f.publicationId, scenario: 'bund/credit-scoring' })
    expect(fast.headers['content-type']).toBe('application/json')
    expect(fast.headers['x-content-type-options']).toBe('nosniff')
  })

  it('keeps a sane request id and replaces any other with a UUID', async () => {
    expect((await get(path, { 'x-request-id': 'abc-123' })).headers['x-request-id']).toBe('abc-123')
    expect((await get(path, { 'x-request-id': 'bad id "quoted"' })).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect((await get(path)).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('leaves everything but the plain case to the app', async () => {
    expect((await get(`${path}?fields=all`)).status).toBe(200)
    expect((await get(`${path}/`)).status).toBe(404)
    expect((await get('/api/v1/publications/pub_00000000000000000000000000000000')).status).toBe(404)
    const bad = await get('/api/v1/publications/PUB_nope')
    expect(bad.status).toBe(400)
    expect(bad.headers['content-type']).toBe('application/problem+json')
    expect((await get(path, { authorization: 'Bearer not-a-token' })).status).toBe(401)
    const head = await get(path, {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.byteLength).toBe(0)
  })

  it('shows a withdrawal at once', async () => {
    const res = await fetch(`${server.url}${path}/withdraw`, { method: 'POST', headers: auth(f.tokens.operator, { 'content-type': 'application/json' }), body: JSON.stringify({ reason: 'test of the fast path' }) })
    expect(res.status).toBe(200)
    const after = JSON.parse(new TextDecoder().decode((await get(path)).body)) as { withdrawn?: { reason: string } }
    expect(after.withdrawn?.reason).toBe('test of the fast path')
  })

  it('is logged and counted like any other request', async () => {
    const before = await (await fetch(`${server.url}/metrics`)).text()
    const count = (text: string) => Number(/bund_http_requests_total\{method="GET",route="\/api\/v1\/publications\/:id",status="200"\} (\d+)/.exec(text)?.[1] ?? 0)
    await get(path, { 'x-request-id': 'logged-1' })
    await get(path, auth(f.tokens.operator, { 'x-request-id': 'logged-2' }))
    expect(count(await (await fetch(`${server.url}/metrics`)).text())).toBe(count(before) + 2)
    flushLogger(server.deps.logger)
    const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
    const fast = lines.find((l) => l['requestId'] === 'logged-1')
    const app = lines.find((l) => l['requestId'] === 'logged-2')
    expect(fast).toMatchObject({ level: 30, msg: 'request', method: 'GET', path, status: 200, role: 'public' })
    expect(app).toMatchObject({ level: 30, msg: 'request', method: 'GET', path, status: 200, role: 'operator' })
    expect(Object.keys(fast!).filter((k) => k !== 'tokenId')).toEqual(Object.keys(app!).filter((k) => k !== 'tokenId'))
  })
})

describe('which requests the fast path takes', () => {
  it('only an anonymous GET of an existing publication without a query; the app gets the rest', async () => {
    const fastPath = publicationFastPath(f.deps)
    // The app's place is taken by a marker: 299 means the fast path left the request alone.
    const probe = createServer((req, res) => void fastPath(req, res).then((answered) => answered || res.writeHead(299).end()))
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`
    const status = async (p: string, init: RequestInit = {}) => (await fetch(base + p, init)).status
    try {
      expect(await status(path)).toBe(200)
      expect(await status(path, { headers: { 'x-request-id': 'x' } })).toBe(200)
      expect(await status(`${path}?a=1`)).toBe(299)
      expect(await status(`${path}/`)).toBe(299)
      expect(await status(path, { method: 'HEAD' })).toBe(299)
      expect(await status(path, { headers: { authorization: `Bearer ${f.tokens.operator}` } })).toBe(299)
      expect(await status('/api/v1/publications/pub_00000000000000000000000000000000')).toBe(299)
      expect(await status('/api/v1/publications/nope')).toBe(299)
      expect(await status('/api/v1/publications')).toBe(299)
    } finally {
      await new Promise((resolve) => probe.close(resolve))
    }
  })
})
