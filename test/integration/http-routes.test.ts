/** Route tests on the hono app with app.request: what each route answers, and its errors. */
import { createPublicKey, verify } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ERROR_CODES, STATUS_OF_CODE, generateAuthorKeyPair, loadScenarioDir, sha256, signScenario } from '@bund/core'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture } from '../helpers/cli.js'
import { auth, CREDIT_SCORING, type HttpFixture, httpFixture, waitForRun } from '../helpers/http.js'
import { allAudit } from '../helpers/store-records.js'

let f: HttpFixture

beforeAll(async () => {
  f = await httpFixture()
})
afterAll(async () => {
  await f?.close()
})

function uploadForm(dir: string, mutate?: (m: Record<string, unknown>) => void, signature?: string): FormData {
  const s = loadScenarioDir(dir)
  const manifest = structuredClone(s.manifest) as unknown as Record<string, unknown>
  mutate?.(manifest)
  const form = new FormData()
  form.set('manifest', new File([JSON.stringify(manifest)], 'manifest.json'))
  form.set('bundle', new File([s.bundle], 'bundle.js'))
  if (signature !== undefined) form.set('signature', new File([signature], 'bundle.sig'))
  return form
}

async function problemOf(res: Response): Promise<{ code: string; status: number; detail: string; errors?: Array<{ field: string }>; requestId?: string }> {
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  return (await res.json()) as never
}

describe('errors are problem+json', () => {
  it('maps every error code to an explicit HTTP status', () => {
    const missing = Object.keys(ERROR_CODES).filter((c) => !(c in STATUS_OF_CODE))
    expect(missing).toEqual([])
  })

  it('answers an unknown route with NOT_FOUND and the request id', async () => {
    const res = await f.app.request('/api/v1/nothing-here', { headers: { 'x-request-id': 'abc-123' } })
    expect(res.status).toBe(404)
    const p = await problemOf(res)
    expect(p).toMatchObject({ code: 'NOT_FOUND', status: 404, requestId: 'abc-123', type: 'urn:bund:error:NOT_FOUND', instance: '/api/v1/nothing-here' })
    expect(res.headers.get('x-request-id')).toBe('abc-123')
  })

  it('names the field a zod failure is about', async () => {
    const res = await f.app.request('/api/v1/runs', { method: 'POST', headers: auth(f.tokens.operator, { 'content-type': 'application/json' }), body: JSON.stringify({ scenario: 'bund/credit-scoring', seed: 'seven' }) })
    expect(res.status).toBe(400)
    const p = await problemOf(res)
    expect(p.code).toBe('VALIDATION_FAILED')
    expect(p.errors?.map((e) => e.field)).toEqual(['body.seed'])
    expect(p.detail).toContain('body.seed')
  })

  it('refuses malformed JSON, unknown fields and a wrong content type as client errors', async () => {
    const headers = auth(f.tokens.operator, { 'content-type': 'application/json' })
    const bad = await f.app.request('/api/v1/runs', { method: 'POST', headers, body: '{"scenario":' })
    expect(bad.status).toBe(400)
    expect((await problemOf(bad)).code).toBe('VALIDATION_FAILED')
    const extra = await f.app.request('/api/v1/runs', { method: 'POST', headers, body: JSON.stringify({ scenario: 'bund/credit-scoring', surprise: 1 }) })
    expect(extra.status).toBe(400)
    const text = await f.app.request('/api/v1/runs', { method: 'POST', headers: auth(f.tokens.operator, { 'content-type': 'text/plain' }), body: 'hello' })
    expect(text.status).toBe(415)
    expect((await problemOf(text)).code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('caps body sizes with BODY_TOO_LARGE', async () => {
    const big = JSON.stringify({ scenario: 'bund/credit-scoring', params: { pad: 'x'.repeat(2 * 1024 * 1024) } })
    const res = await f.app.request('/api/v1/runs', { method: 'POST', headers: auth(f.tokens.operator, { 'content-type': 'application/json' }), body: big })
    expect(res.status).toBe(413)
    expect((await problemOf(res)).code).toBe('BODY_TOO_LARGE')
  })

  it("sends OWASP's API security headers on API responses and the document set on HTML pages", async () => {
    for (const path of ['/healthz', `/api/v1/publications/${f.publicationId}`, '/api/v1/publications/pub_00000000000000000000000000000000', '/api/v1/runs']) {
      const res = await f.app.request(path)
      expect(res.headers.get('x-request-id'), path).toMatch(/^[\w-]+$/)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('cache-control'), path).toBe('no-store')
      expect(res.headers.get('strict-transport-security'), path).toContain('max-age=')
    }
    const artifact = await f.app.request(`/api/v1/publications/${f.publicationId}/artifact`)
    expect(artifact.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const docs = await f.app.request('/docs')
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(docs.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(docs.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    const dashboard = await f.app.request('/')
    expect(dashboard.headers.get('content-security-policy')).toContain("form-action 'self'")
  })
})

describe('publications (public)', () => {
  it('lists, filters and pages publications', async () => {
    const all = (await (await f.app.request('/api/v1/publications')).json()) as { items: Array<{ id: string; scenario: string }>; total: number }
    expect(all.total).toBe(1)
    expect(all.items[0]!.id).toBe(f.publicationId)
    const none = (await (await f.app.request('/api/v1/publications?scenario=acme/nothing')).json()) as { total: number }
    expect(none.total).toBe(0)
    const page = (await (await f.app.request('/api/v1/publications?offset=1&limit=1')).json()) as { items: unknown[]; offset: number; limit: number }
    expect(page).toMatchObject({ items: [], offset: 1, limit: 1 })
    expect((await f.app.request('/api/v1/publications?limit=0')).status).toBe(400)
  })

  it('serves the artifact whose sha256 is the outputHash, and a signature that verifies with the public key', async () => {
    const pub = (await (await f.app.request(`/api/v1/publications/${f.publicationId}`)).json()) as { outputHash: string; signature: string; keyId: string }
    const artifact = await f.app.request(`/api/v1/publications/${f.publicationId}/artifact`)
    expect(artifact.status).toBe(200)
    expect(sha256(new Uint8Array(await artifact.arrayBuffer()))).toBe(pub.outputHash)
    expect(artifact.headers.get('etag')).toBe(`"${pub.outputHash}"`)
    const sig = (await (await f.app.request(`/api/v1/publications/${f.publicationId}/signature`)).json()) as { signature: string; signedPayload: string; keyId: string }
    const key = (await (await f.app.request('/api/v1/public-key')).json()) as { publicKey: string; keyId: string }
    expect(sig.keyId).toBe(key.keyId)
    expect(verify(null, Buffer.from(sig.signedPayload), createPublicKey(key.publicKey), Buffer.from(sig.signature, 'base64'))).toBe(true)
    expect(JSON.parse(sig.signedPayload).outputHash).toBe(pub.outputHash)
  })

  it('answers an unknown publication with NOT_FOUND and a malformed id with VALIDATION_FAILED', async () => {
    expect((await f.app.request('/api/v1/publications/pub_00000000000000000000000000000000')).status).toBe(404)
    expect((await f.app.request('/api/v1/publications/..%2F..%2Fetc')).status).toBe(400)
  })
})

describe('scenarios', () => {
  it('shows the public only scenarios with a publication; an author also its own; an operator all', async () => {
    const ids = async (token?: string) => ((await (await f.app.request('/api/v1/scenarios', { headers: auth(token) })).json()) as { items: Array<{ id: string }> }).items.map((s) => s.id)
    expect(await ids()).toEqual(['bund/credit-scoring'])
    expect(await ids(f.tokens.author)).toEqual(['bund/credit-scoring', 'fixture/unfair-credit'])
    expect(await ids(f.tokens.otherAuthor)).toEqual(['bund/credit-scoring'])
    expect(await ids(f.tokens.operator)).toEqual(['bund/credit-scoring', 'fixture/unfair-credit'])
    const one = await f.app.request('/api/v1/scenarios/bund/credit-scoring')
    expect(((await one.json()) as { version: string }).version).toBe('1.0.0')
    const versions = (await (await f.app.request('/api/v1/scenarios/bund/credit-scoring/versions')).json()) as { versions: unknown[] }
    expect(versions.versions).toHaveLength(1)
    expect((await f.app.request('/api/v1/scenarios/fixture/unfair-credit')).status).toBe(404)
  })

  it('registers an upload attributed to the author, idempotently; refuses another org, a tampered bundle, a changed bundle under the same version', async () => {
    const post = (form: FormData, token = f.tokens.author) => f.app.request('/api/v1/scenarios', { method: 'POST', body: form, headers: auth(token) })
    const created = await post(uploadForm(fixture('echo-random')))
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({ id: 'fixture/echo-random', version: '1.0.0' })
    expect((await post(uploadForm(fixture('echo-random')))).status).toBe(200)
    const audit = (await allAudit(f.store)).filter((e) => e.subject.includes('fixture/echo-random'))
    expect(audit.some((e) => e.actor.startsWith('author:fixture:'))).toBe(true)

    const foreign = await post(uploadForm(fixture('echo-random')), f.tokens.otherAuthor)
    expect(foreign.status).toBe(403)
    expect((await problemOf(foreign)).code).toBe('FORBIDDEN')

    const tampered = await post(uploadForm(fixture('echo-random'), (m) => ((m['bundle'] as { sha256: string }).sha256 = 'a'.repeat(64))))
    expect(tampered.status).toBe(422)
    expect((await problemOf(tampered)).code).toBe('BUNDLE_TAMPERED')

    const invalid = await post(uploadForm(fixture('echo-random'), (m) => (m['id'] = 'Not An Id')))
    expect(invalid.status).toBe(422)
    expect((await problemOf(invalid)).code).toBe('MANIFEST_INVALID')

    const s = loadScenarioDir(fixture('echo-random'))
    const changed = s.bundle + '\n// changed'
    const form = new FormData()
    form.set('manifest', JSON.stringify({ ...s.manifest, bundle: { ...s.manifest.bundle, sha256: sha256(changed) } }))
    form.set('bundle', new File([changed], 'bundle.js'))
    const conflict = await post(form)
    expect(conflict.status, await conflict.clone().text()).toBe(409)
    expect((await problemOf(conflict)).code).toBe('VERSION_CONFLICT')

    const missing = await f.app.request('/api/v1/scenarios', { method: 'POST', body: new FormData(), headers: auth(f.tokens.author) })
    expect(missing.status).toBe(400)
    expect((await problemOf(missing)).errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['body.manifest', 'body.bundle']))
  })

  it("requires a valid signature once the org's key is registered", async () => {
    const keys = generateAuthorKeyPair()
    const put = await f.app.request('/api/v1/author-keys/fixture', { method: 'PUT', headers: auth(f.tokens.operator, { 'content-type': 'application/json' }), body: JSON.stringify({ publicKey: keys.publicKey }) })
    expect(put.status).toBe(200)
    const dir = fixture('slow')
    const s = loadScenarioDir(dir)
    const unsigned = await f.app.request('/api/v1/scenarios', { method: 'POST', body: uploadForm(dir), headers: auth(f.tokens.author) })
    expect((await problemOf(unsigned)).code).toBe('SIGNATURE_MISSING')
    const wrong = JSON.stringify(signScenario(s.manifest, s.bundle, generateAuthorKeyPair().privateKey))
    const bad = await f.app.request('/api/v1/scenarios', { method: 'POST', body: uploadForm(dir, undefined, wrong), headers: auth(f.tokens.author) })
    expect(bad.status).toBe(422)
    expect((await problemOf(bad)).code).toBe('SIGNATURE_INVALID')
    const good = JSON.stringify(signScenario(s.manifest, s.bundle, keys.privateKey))
    const ok = await f.app.request('/api/v1/scenarios', { method: 'POST', body: uploadForm(dir, undefined, good), headers: auth(f.tokens.author) })
    expect(ok.status).toBe(201)
  })
})

describe('runs', () => {
  it('queues a run (202 + id), reports its state and report, and streams its progress as SSE', async () => {
    const res = await f.app.request('/api/v1/runs', {
      method: 'POST',
      headers: auth(f.tokens.operator, { 'content-type': 'application/json' }),
      body: JSON.stringify({ scenario: 'bund/credit-scoring@1.0.0', seed: 11 }),
    })
    expect(res.status).toBe(202)
    const accepted = (await res.json()) as { id: string; status: string; events: string }
    expect(accepted.id).toMatch(/^run_/)
    expect(res.headers.get('location')).toBe(`/api/v1/runs/${accepted.id}`)
    const stream = await f.app.request(accepted.events, { headers: auth(f.tokens.operator) })
    expect(stream.headers.get('content-type')).toContain('text/event-stream')
    const text = await stream.text()
    expect(text).toContain('event: done')
    const done = JSON.parse(text.split('event: done\ndata: ')[1]!.split('\n')[0]!) as { state: string; status: string; publicationId: string }
    expect(done).toMatchObject({ state: 'finished', status: 'published' })
    expect(text).toMatch(/event: progress\ndata: \{"fraction":/)
    const final = await waitForRun(f.app, accepted.id, f.tokens.operator)
    expect(final).toMatchObject({ id: accepted.id, state: 'finished', status: 'published', publicationId: done.publicationId })
    expect((final['report'] as { seed: number }).seed).toBe(11)
    expect((await f.store.getRun(accepted.id))?.status).toBe('published')
  })

  it('refuses an unknown scenario with SCENARIO_NOT_FOUND, and reports params the scenario rejects', async () => {
    const post = (body: unknown) => f.app.request('/api/v1/runs', { method: 'POST', headers: auth(f.tokens.operator, { 'content-type': 'application/json' }), body: JSON.stringify(body) })
    const unknown = await post({ scenario: 'acme/nothing' })
    expect(unknown.status).toBe(404)
    expect((await problemOf(unknown)).code).toBe('SCENARIO_NOT_FOUND')
    const contradiction = await post({ scenario: 'bund/credit-scoring@1.0.0', version: '2.0.0' })
    expect(contradiction.status).toBe(400)
  })

  it('lists runs newest first, scoped to the author org', async () => {
    const op = (await (await f.app.request('/api/v1/runs', { headers: auth(f.tokens.operator) })).json()) as { items: Array<{ scenario: string }>; total: number }
    expect(op.total).toBeGreaterThanOrEqual(3)
    const author = (await (await f.app.request('/api/v1/runs', { headers: auth(f.tokens.author) })).json()) as { items: Array<{ scenario: string }> }
    expect(author.items.length).toBeGreaterThan(0)
    expect(author.items.every((r) => r.scenario.startsWith('fixture/'))).toBe(true)
  })
})

describe('held runs, rule packs, audit, tokens, operations', () => {
  it('lists held runs with their failing verdicts and releases one with a reason', async () => {
    const held = (await (await f.app.request('/api/v1/held', { headers: auth(f.tokens.operator) })).json()) as { items: Array<{ id: string; verdicts: Array<{ status: string }> }> }
    const run = held.items.find((r) => r.id === f.heldRunId)!
    expect(run.verdicts.some((v) => v.status === 'fail')).toBe(true)
    const headers = auth(f.tokens.operator, { 'content-type': 'application/json' })
    const noReason = await f.app.request(`/api/v1/held/${f.heldRunId}/release`, { method: 'POST', headers, body: JSON.stringify({ reason: '  ' }) })
    expect(noReason.status).toBe(400)
    expect((await problemOf(noReason)).errors?.[0]?.field).toBe('body.reason')
    const released = await f.app.request(`/api/v1/held/${f.heldRunId}/release`, { method: 'POST', headers, body: JSON.stringify({ reason: 'demonstration of a known bias' }) })
    expect(released.status).toBe(201)
    const pub = (await released.json()) as { id: string; releasedBy: { reason: string } }
    expect(pub.releasedBy.reason).toBe('demonstration of a known bias')
    const again = await f.app.request(`/api/v1/held/${f.heldRunId}/release`, { method: 'POST', headers, body: JSON.stringify({ reason: 'twice' }) })
    expect(again.status).toBeGreaterThanOrEqual(400)
    expect(again.status).toBeLessThan(500)
    expect((await f.app.request(`/api/v1/publications/${pub.id}`)).status).toBe(200)
  })

  it('serves the rule packs', async () => {
    const list = (await (await f.app.request('/api/v1/rule-packs')).json()) as { items: Array<{ id: string; rules: number }> }
    expect(list.items.length).toBeGreaterThan(0)
    const first = list.items[0]!
    const pack = (await (await f.app.request(`/api/v1/rule-packs/${first.id}`)).json()) as { rules: unknown[] }
    expect(pack.rules).toHaveLength(first.rules)
    expect((await f.app.request('/api/v1/rule-packs/no-such-pack')).status).toBe(404)
  })

  it('lists and verifies the audit chain', async () => {
    const list = (await (await f.app.request('/api/v1/audit?limit=5', { headers: auth(f.tokens.operator) })).json()) as { items: Array<{ seq: number; hash: string }> }
    expect(list.items).toHaveLength(5)
    const verified = (await (await f.app.request('/api/v1/audit/verify', { headers: auth(f.tokens.operator) })).json()) as { ok: boolean; entries: number }
    expect(verified.ok).toBe(true)
    expect(verified.entries).toBeGreaterThan(5)
  })

  it('issues a token shown once, lists tokens without secrets, and revokes one so it stops working', async () => {
    const headers = auth(f.tokens.operator, { 'content-type': 'application/json' })
    const issued = await f.app.request('/api/v1/tokens', { method: 'POST', headers, body: JSON.stringify({ role: 'author', org: 'newco', label: 'NewCo Ltd' }) })
    expect(issued.status).toBe(201)
    const t = (await issued.json()) as { id: string; token: string; org: string }
    expect(t.org).toBe('newco')
    expect((await f.app.request('/api/v1/runs', { headers: auth(t.token) })).status).toBe(200)
    const listed = await (await f.app.request('/api/v1/tokens', { headers: auth(f.tokens.operator) })).text()
    expect(listed).toContain(t.id)
    expect(listed).not.toContain(t.token)
    expect(listed).not.toContain(sha256(t.token))
    // Nothing the store keeps on disk (snapshot, journal, backups) holds the secret.
    for (const file of readdirSync(f.dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      expect(readFileSync(join(file.parentPath, file.name), 'utf8'), file.name).not.toContain(t.token)
    }
    const noOrg = await f.app.request('/api/v1/tokens', { method: 'POST', headers, body: JSON.stringify({ role: 'author' }) })
    expect((await problemOf(noOrg)).errors?.[0]?.field).toBe('body.org')
    expect((await f.app.request(`/api/v1/tokens/${t.id}`, { method: 'DELETE', headers: auth(f.tokens.operator) })).status).toBe(200)
    const after = await f.app.request('/api/v1/runs', { headers: auth(t.token) })
    expect(after.status).toBe(401)
    expect(after.headers.get('www-authenticate')).toContain('Bearer')
  })

  it('serves /healthz, /metrics, the OpenAPI 3.1 document and the offline docs page', async () => {
    const health = (await (await f.app.request('/healthz')).json()) as { status: string; queue: { capacity: number } }
    expect(health).toMatchObject({ status: 'ok', queue: { capacity: 100 } })
    const metrics = await (await f.app.request('/metrics')).text()
    expect(metrics).toMatch(/^# HELP bund_http_requests_total/m)
    expect(metrics).toMatch(/bund_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/)
    expect(metrics).toContain('bund_run_queue_capacity 100')
    const doc = (await (await f.app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } }
    expect(doc.openapi).toBe('3.1.0')
    for (const path of ['/api/v1/scenarios', '/api/v1/runs', '/api/v1/runs/{id}/events', '/api/v1/publications/{id}/artifact', '/api/v1/held/{id}/release', '/api/v1/audit/verify', '/api/v1/tokens/{id}', '/healthz', '/metrics']) {
      expect(Object.keys(doc.paths)).toContain(path)
    }
    expect(doc.components.securitySchemes['bearer']).toBeDefined()
    const page = await (await f.app.request('/docs')).text()
    expect(page).not.toMatch(/https?:\/\//)
    for (const src of page.matchAll(/(?:src|href)="([^"]+)"/g)) expect((await f.app.request(src[1]!)).status, src[1]).toBe(200)
  })

  it('counts requests by route pattern and status, with a cumulative latency histogram', async () => {
    const { app, publicationId } = f
    for (let i = 0; i < 3; i++) expect((await app.request(`/api/v1/publications/${publicationId}`)).status).toBe(200)
    expect((await app.request('/api/v1/publications/pub_00000000000000000000000000000000')).status).toBe(404)
    const metrics = await (await app.request('/metrics')).text()
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}()[\]^$.|?*+\\]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1])
    const labels = 'method="GET",route="/api/v1/publications/:id"'
    expect(value(`bund_http_requests_total{${labels},status="200"}`)).toBeGreaterThanOrEqual(3)
    expect(value(`bund_http_requests_total{${labels},status="404"}`)).toBeGreaterThanOrEqual(1)
    const count = value(`bund_http_request_duration_seconds_count{${labels}}`)
    const buckets = [...metrics.matchAll(new RegExp(`^bund_http_request_duration_seconds_bucket\\{${labels},le="([^"]+)"\\} (\\d+)$`, 'gm'))].map((m) => ({ le: m[1], n: Number(m[2]) }))
    expect(buckets.at(-1)).toEqual({ le: '+Inf', n: count })
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.n).toBeGreaterThanOrEqual(buckets[i - 1]!.n)
    expect(value(`bund_http_request_duration_seconds_sum{${labels}}`)).toBeGreaterThan(0)
  })
})

describe('the typed client', () => {
  it('hc<AppType> calls the app with typed paths', async () => {
    const { hc } = await import('hono/client')
    type App = typeof f.app
    const client = hc<App>('http://bund.test', { fetch: (input: Request | string | URL, init?: RequestInit) => f.app.request(input instanceof Request ? input : String(input), init) })
    const res = await client.api.v1.publications[':id'].$get({ param: { id: f.publicationId } })
    expect(res.status).toBe(200)
    if (res.status === 200) expect((await res.json()).id).toBe(f.publicationId)
  })
})

// The built-in scenario used above exists where the fixture expects it.
it('uses the built-in credit-scoring scenario', () => {
  expect(loadScenarioDir(CREDIT_SCORING).manifest.id).toBe('bund/credit-scoring')
})
