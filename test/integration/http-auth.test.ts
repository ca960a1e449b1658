/**
 * The auth matrix: every route of the OpenAPI document × every role — the public (no token), an
 * author of the resource's org, an author of another org, an operator, and a bad token. Each cell
 * is the status that role must get.
 */
import { generateAuthorKeyPair, loadScenarioDir } from '@bund/core'
import { issueToken } from '@bund/core/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture } from '../helpers/cli.js'
import { auth, type HttpFixture, httpFixture } from '../helpers/http.js'

type Role = 'public' | 'author' | 'otherAuthor' | 'operator' | 'badToken'
const ROLES: Role[] = ['public', 'author', 'otherAuthor', 'operator', 'badToken']

interface Row {
  method: string
  /** The OpenAPI path this row covers. */
  route: string
  /** The concrete request. */
  path: (f: HttpFixture) => string
  body?: (f: HttpFixture) => string | FormData
  json?: boolean
  expect: [publicStatus: number, author: number, otherAuthor: number, operator: number]
}

const upload = () => {
  const s = loadScenarioDir(fixture('throws'))
  const form = new FormData()
  form.set('manifest', new File([JSON.stringify(s.manifest)], 'manifest.json'))
  form.set('bundle', new File([s.bundle], 'bundle.js'))
  return form
}

let spareToken = ''
/** The bundle and manifest hashes of the fixture's publication, for the re-run file routes. */
const materials = { bundle: '', manifest: '' }
const authorKey = generateAuthorKeyPair().publicKey

// Rows run in order, each for every role in ROLES order; state-changing rows are placed so the
// cells stay deterministic (an upload is 201 for the first allowed role, 200 after).
const ROWS: Row[] = [
  { method: 'GET', route: '/healthz', path: () => '/healthz', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/metrics', path: () => '/metrics', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/openapi.json', path: () => '/openapi.json', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/docs', path: () => '/docs', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/scenarios', path: () => '/api/v1/scenarios', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/scenarios/{org}/{name}', path: () => '/api/v1/scenarios/fixture/unfair-credit', expect: [404, 200, 404, 200] },
  { method: 'GET', route: '/api/v1/scenarios/{org}/{name}/versions', path: () => '/api/v1/scenarios/fixture/unfair-credit/versions', expect: [404, 200, 404, 200] },
  { method: 'POST', route: '/api/v1/scenarios', path: () => '/api/v1/scenarios', body: upload, expect: [401, 201, 403, 200] },
  { method: 'GET', route: '/api/v1/runs', path: () => '/api/v1/runs', expect: [401, 200, 200, 200] },
  { method: 'POST', route: '/api/v1/runs', path: () => '/api/v1/runs', json: true, body: () => JSON.stringify({ scenario: 'fixture/unfair-credit', rows: 200 }), expect: [401, 403, 403, 202] },
  { method: 'GET', route: '/api/v1/runs/{id}', path: (f) => `/api/v1/runs/${f.heldRunId}`, expect: [401, 200, 404, 200] },
  { method: 'GET', route: '/api/v1/runs/{id}/events', path: (f) => `/api/v1/runs/${f.heldRunId}/events`, expect: [401, 200, 404, 200] },
  { method: 'GET', route: '/api/v1/held', path: () => '/api/v1/held', expect: [401, 200, 200, 200] },
  { method: 'POST', route: '/api/v1/held/{id}/release', path: (f) => `/api/v1/held/${f.heldRunId}/release`, json: true, body: () => JSON.stringify({ reason: 'auth matrix' }), expect: [401, 403, 403, 201] },
  { method: 'GET', route: '/api/v1/publications', path: () => '/api/v1/publications', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}', path: (f) => `/api/v1/publications/${f.publicationId}`, expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}/artifact', path: (f) => `/api/v1/publications/${f.publicationId}/artifact`, expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}/signature', path: (f) => `/api/v1/publications/${f.publicationId}/signature`, expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/public-key', path: () => '/api/v1/public-key', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/public-keys', path: () => '/api/v1/public-keys', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/rule-packs', path: () => '/api/v1/rule-packs', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/rule-packs/{id}', path: () => '/api/v1/rule-packs/http-test', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/audit', path: () => '/api/v1/audit', expect: [401, 403, 403, 200] },
  { method: 'GET', route: '/api/v1/audit/verify', path: () => '/api/v1/audit/verify', expect: [401, 403, 403, 200] },
  { method: 'POST', route: '/api/v1/tokens', path: () => '/api/v1/tokens', json: true, body: () => JSON.stringify({ role: 'author', org: 'matrix' }), expect: [401, 403, 403, 201] },
  { method: 'GET', route: '/api/v1/tokens', path: () => '/api/v1/tokens', expect: [401, 403, 403, 200] },
  { method: 'DELETE', route: '/api/v1/tokens/{id}', path: () => `/api/v1/tokens/${spareToken}`, expect: [401, 403, 403, 200] },
  { method: 'PUT', route: '/api/v1/author-keys/{org}', path: () => '/api/v1/author-keys/matrix', json: true, body: () => JSON.stringify({ publicKey: authorKey }), expect: [401, 403, 403, 200] },
  { method: 'GET', route: '/api/v1/author-keys/{org}', path: () => '/api/v1/author-keys/matrix', expect: [200, 200, 200, 200] },
  { method: 'PUT', route: '/api/v1/orgs/{org}', path: () => '/api/v1/orgs/matrix', json: true, body: () => JSON.stringify({ displayName: 'Matrix Org' }), expect: [401, 403, 403, 200] },
  { method: 'GET', route: '/api/v1/orgs/{org}', path: () => '/api/v1/orgs/matrix', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/log/checkpoint', path: () => '/api/v1/log/checkpoint', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/log/consistency', path: () => '/api/v1/log/consistency?from=1&to=2', expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}/inclusion', path: (f) => `/api/v1/publications/${f.publicationId}/inclusion`, expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}/attestation', path: (f) => `/api/v1/publications/${f.publicationId}/attestation`, expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}/evidence', path: (f) => `/api/v1/publications/${f.publicationId}/evidence`, expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}/rerun', path: (f) => `/api/v1/publications/${f.publicationId}/rerun`, expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}/bundle/{sha256}', path: (f) => `/api/v1/publications/${f.publicationId}/bundle/${materials.bundle}`, expect: [200, 200, 200, 200] },
  { method: 'GET', route: '/api/v1/publications/{id}/manifest/{sha256}', path: (f) => `/api/v1/publications/${f.publicationId}/manifest/${materials.manifest}`, expect: [200, 200, 200, 200] },
  { method: 'POST', route: '/api/v1/publications/{id}/withdraw', path: (f) => `/api/v1/publications/${f.publicationId}/withdraw`, json: true, body: () => JSON.stringify({ reason: 'auth matrix' }), expect: [401, 403, 403, 200] },
]

let f: HttpFixture
beforeAll(async () => {
  f = await httpFixture()
  spareToken = (await issueToken(f.store, { role: 'author', org: 'spare' }, 'test')).record.id
  const info = (await (await f.app.request(`/api/v1/publications/${f.publicationId}/rerun`)).json()) as { bundle: { sha256: string }; manifest: { sha256: string } }
  materials.bundle = info.bundle.sha256
  materials.manifest = info.manifest.sha256
})
afterAll(async () => {
  await f?.close()
})

function tokenOf(role: Role): string | undefined {
  if (role === 'public') return undefined
  if (role === 'badToken') return 'bund_not-a-real-token'
  return f.tokens[role]
}

describe('auth matrix', () => {
  it('covers every route in the OpenAPI document', async () => {
    const doc = (await (await f.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    const covered = new Set(ROWS.map((r) => `${r.method} ${r.route}`))
    expect(documented.filter((r) => !covered.has(r))).toEqual([])
  })

  it('gives each role exactly its status on every route', async () => {
    const cells: string[] = []
    for (const row of ROWS) {
      for (const role of ROLES) {
        const headers = auth(tokenOf(role), row.json ? { 'content-type': 'application/json' } : {})
        const res = await f.app.request(row.path(f), { method: row.method, headers, ...(row.body ? { body: row.body(f) } : {}) })
        const expected = role === 'badToken' ? 401 : row.expect[ROLES.indexOf(role)]!
        if (res.status !== expected) cells.push(`${row.method} ${row.route} as ${role}: ${res.status}, expected ${expected} (${(await res.text()).slice(0, 160)})`)
        else if (res.status >= 400) expect(res.headers.get('content-type'), `${row.method} ${row.route} as ${role}`).toBe('application/problem+json')
        else await res.arrayBuffer()
      }
    }
    expect(cells).toEqual([])
  })

  it("keeps another org's runs and held reports out of an author's listings", async () => {
    const held = (await (await f.app.request('/api/v1/held', { headers: auth(f.tokens.otherAuthor) })).json()) as { items: unknown[] }
    const runs = (await (await f.app.request('/api/v1/runs', { headers: auth(f.tokens.otherAuthor) })).json()) as { items: unknown[] }
    expect(held.items).toEqual([])
    expect(runs.items).toEqual([])
  })

  it('refuses a malformed Authorization header and a revoked token with 401', async () => {
    for (const header of ['Basic abc', 'Bearer', 'Bearer two words', `Bearer ${f.tokens.revoked}`]) {
      const res = await f.app.request('/api/v1/publications', { headers: { authorization: header } })
      expect(res.status, header).toBe(401)
    }
  })
})
