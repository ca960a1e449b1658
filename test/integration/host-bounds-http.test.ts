/**
 * Issue 18 over HTTP: params checked against the manifest's JSON Schema before a run is queued, a
 * deeply nested paramsSchema refused with 422 naming its depth, the log's `truncated` flag in the
 * API, stuck workers on /healthz, and a CSRF-refused dashboard form answered 403 problem+json with
 * one JSON log line.
 */
import { Writable } from 'node:stream'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, createDeps } from '@bund/core/http'
import { loadScenarioDir } from '@bund/core'
import { pino } from 'pino'
import { ROOT, fixture } from '../helpers/cli.js'
import { type HttpFixture, TEST_RULES, auth, httpFixture, register, waitForRun } from '../helpers/http.js'
import { allRuns } from '../helpers/store-records.js'

let f: HttpFixture
const lines: string[] = []
let app: ReturnType<typeof createApp>
let closeDeps: () => Promise<void>

beforeAll(async () => {
  f = await httpFixture()
  await register(f.store, join(ROOT, 'test', 'hostile', 'log-flood'))
  // The same store behind an app whose logger we read.
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) })
  const made = createDeps({ store: f.store, rulePacks: TEST_RULES, concurrency: 1, queueCapacity: 10, logger: pino({ level: 'info' }, sink) })
  app = createApp(made.deps)
  closeDeps = made.close
}, 120_000)
afterAll(async () => {
  await closeDeps?.()
  await f?.close()
})

function uploadForm(dir: string, mutate: (m: Record<string, unknown>) => void, paramsSchemaJson?: string): FormData {
  const s = loadScenarioDir(dir)
  const manifest = structuredClone(s.manifest) as unknown as Record<string, unknown>
  mutate(manifest)
  if (paramsSchemaJson !== undefined) manifest['paramsSchema'] = '@@SCHEMA@@'
  // Built as text: JSON.stringify itself recurses, and a hostile client need not.
  const text = JSON.stringify(manifest).replace('"@@SCHEMA@@"', paramsSchemaJson ?? '"@@SCHEMA@@"')
  const form = new FormData()
  form.set('manifest', new File([text], 'manifest.json'))
  form.set('bundle', new File([s.bundle], 'bundle.js'))
  return form
}

describe('params on the host', () => {
  it('refuses an unknown key with 422 PARAMS_INVALID naming the known keys, before the run is queued', async () => {
    const res = await app.request('/api/v1/runs', {
      method: 'POST',
      headers: auth(f.tokens.operator, { 'content-type': 'application/json' }),
      body: JSON.stringify({ scenario: 'bund/credit-scoring', params: { treshold: 0.5 } }),
    })
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const body = (await res.json()) as { code: string; detail: string }
    expect(body.code).toBe('PARAMS_INVALID')
    expect(body.detail).toMatch(/^unknown param "treshold" for bund\/credit-scoring; known: /)
    expect((await allRuns(f.store, { scenario: 'bund/credit-scoring' })).length).toBe(1)
  })

  it('refuses a paramsSchema nested 5,000 deep with 422 MANIFEST_INVALID naming the depth', async () => {
    const deep = `${'{"type":"object","properties":{"x":'.repeat(5000)}{"type":"number"}${'}}'.repeat(5000)}`
    const res = await app.request('/api/v1/scenarios', {
      method: 'POST',
      headers: auth(f.tokens.operator),
      body: uploadForm(fixture('echo-random'), (m) => (m['version'] = '9.9.9'), deep),
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { code: string; detail: string }
    expect(body.code).toBe('MANIFEST_INVALID')
    expect(body.detail).toMatch(/paramsSchema: is nested 10001 levels deep, over the limit of 32/)
  })
})

describe('the displayed author', () => {
  /** Uploads echo-random as `version` with the manifest claiming `author`; the registered author's name. */
  async function uploadAs(token: string, version: string, author: string): Promise<{ status: number; author: string }> {
    const res = await app.request('/api/v1/scenarios', {
      method: 'POST',
      headers: auth(token),
      body: uploadForm(fixture('echo-random'), (m) => {
        m['version'] = version
        m['author'] = author
      }),
    })
    return { status: res.status, author: ((await res.json()) as { author: string }).author }
  }

  it('is bound to the org: an author cannot claim another name, an operator names the org', async () => {
    expect(await uploadAs(f.tokens.author, '9.9.1', 'Bund (official)')).toEqual({ status: 201, author: 'fixture' })
    expect((await uploadAs(f.tokens.operator, '9.9.2', 'Fixture Labs')).author).toBe('Fixture Labs')
    expect((await uploadAs(f.tokens.author, '9.9.3', 'Bund (official)')).author).toBe('Fixture Labs')
  })
})

describe('run records', () => {
  it('say when the log was truncated', async () => {
    const res = await app.request('/api/v1/runs', { method: 'POST', headers: auth(f.tokens.operator, { 'content-type': 'application/json' }), body: JSON.stringify({ scenario: 'hostile/log-flood' }) })
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    const done = (await waitForRun(app, id, f.tokens.operator, 60_000)) as { report?: { logsTruncated?: boolean; logs: unknown[] } }
    expect(done.report?.logsTruncated).toBe(true)
    expect((await f.store.getRun(id))?.logsTruncated).toBe(true)
  }, 90_000)
})

describe('/healthz', () => {
  it('reports the workers, none stuck', async () => {
    const body = (await (await app.request('/healthz')).json()) as { status: string; workers?: { total: number; stuck: number } }
    expect(body.status).toBe('ok')
    expect(body.workers).toMatchObject({ total: 1, stuck: 0 })
  })
})

describe('a CSRF-refused dashboard form', () => {
  it('answers 403 problem+json and writes one JSON log line, no stack', async () => {
    const before = lines.length
    const res = await app.request('/login', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=x&next=%2F',
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN')
    const logged = lines.slice(before).map((l) => JSON.parse(l) as { msg?: string; status?: number; stack?: string; err?: unknown })
    const refusal = logged.find((l) => l.msg === 'dashboard request refused')
    expect(refusal?.status).toBe(403)
    expect(JSON.stringify(logged)).not.toMatch(/\n\s+at /)
  })
})
