/**
 * An org's display name (issue 18): only an operator sets it, over the API or the CLI; it is
 * validated (bad input is 400 problem+json DISPLAY_NAME_INVALID), recorded in the audit log, and it
 * is what the dashboard and later uploads show for the org's scenarios.
 */
import { loadScenarioDir } from '@bund/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bund, fixture, tempDir } from '../helpers/cli.js'
import { auth, type HttpFixture, httpFixture } from '../helpers/http.js'
import { allAudit } from '../helpers/store-records.js'

let f: HttpFixture

beforeAll(async () => {
  f = await httpFixture()
}, 120_000)
afterAll(async () => {
  await f?.close()
})

const put = (org: string, displayName: unknown, token?: string) =>
  f.app.request(`/api/v1/orgs/${org}`, { method: 'PUT', headers: auth(token, { 'content-type': 'application/json' }), body: JSON.stringify({ displayName }) })

describe('PUT /api/v1/orgs/{org}', () => {
  it('an operator sets it; anyone reads it; the audit log records who and what; the dashboard shows it', async () => {
    const res = await put('bund', '  Bund Demonstration Team ', f.tokens.operator)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ org: 'bund', displayName: 'Bund Demonstration Team' })
    const read = await f.app.request('/api/v1/orgs/bund')
    expect(read.status).toBe(200)
    const body = (await read.json()) as Record<string, unknown>
    expect(body).toMatchObject({ org: 'bund', displayName: 'Bund Demonstration Team' })
    expect(body).not.toHaveProperty('updatedBy')
    const entry = (await f.store.auditOf('bund')).find((e) => e.action === 'org.renamed')
    expect(entry?.actor).toMatch(/^operator:/)
    // Every page that names the author shows the name (the built-in credit-scoring is bund's).
    for (const path of ['/', '/scenarios/bund/credit-scoring', `/publications/${f.publicationId}`]) {
      const html = await (await f.app.request(path)).text()
      expect(html, path).toContain('Bund Demonstration Team')
    }
    // The API shows the scenarios under it too, as the dashboard does.
    expect(((await (await f.app.request('/api/v1/scenarios/bund/credit-scoring')).json()) as { author: string }).author).toBe('Bund Demonstration Team')
    const listed = (await (await f.app.request('/api/v1/scenarios')).json()) as { items: Array<{ id: string; author: string }> }
    expect(listed.items.find((s) => s.id === 'bund/credit-scoring')?.author).toBe('Bund Demonstration Team')
    const versions = (await (await f.app.request('/api/v1/scenarios/bund/credit-scoring/versions')).json()) as { versions: Array<{ author: string }> }
    expect(versions.versions.every((v) => v.author === 'Bund Demonstration Team')).toBe(true)
    // Letters of any script are a name; a later rename replaces it.
    expect((await put('bund', '邦德示范团队', f.tokens.operator)).status).toBe(200)
    expect(await (await f.app.request('/')).text()).toContain('邦德示范团队')
    expect((await f.app.request('/api/v1/orgs/nobody')).status).toBe(404)
  })

  it('an author cannot name its org (403), nor can the public (401)', async () => {
    for (const [token, status, code] of [[f.tokens.publishedAuthor, 403, 'FORBIDDEN'], [undefined, 401, 'UNAUTHORIZED']] as const) {
      const res = await put('bund', 'Bund (official)', token)
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(((await res.json()) as { code: string }).code).toBe(code)
    }
    expect((await f.store.auditOf('bund')).filter((e) => e.action === 'org.renamed').every((e) => e.actor.startsWith('operator:'))).toBe(true)
  })

  it('bad names are 400 problem+json DISPLAY_NAME_INVALID naming the problem; nothing is recorded', async () => {
    const before = (await allAudit(f.store)).length
    const cases: Array<[unknown, RegExp]> = [
      ['', /is empty/],
      ['   ', /is empty/],
      ['x'.repeat(81), /81 characters long; at most 80/],
      ['Acme\u202eLtd', /U\+202E/],
      ['Acme\u200bLtd', /U\+200B/],
      ['Acme\nLtd', /U\+000A/],
      ['<script>alert(1)</script>', /U\+003C/],
      ['Acme 🙂', /U\+1F642/],
      ['Acme  Ltd', /two spaces/],
      ['1234', /no letter/],
    ]
    for (const [name, why] of cases) {
      const res = await put('bund', name, f.tokens.operator)
      expect(res.status, String(name)).toBe(400)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      const problem = (await res.json()) as { code: string; detail: string }
      expect(problem.code, String(name)).toBe('DISPLAY_NAME_INVALID')
      expect(problem.detail).toMatch(why)
    }
    // Not a string, an unknown field, an org that is no org: the schema's VALIDATION_FAILED.
    for (const res of [
      await put('bund', 42, f.tokens.operator),
      await f.app.request('/api/v1/orgs/bund', { method: 'PUT', headers: auth(f.tokens.operator, { 'content-type': 'application/json' }), body: JSON.stringify({ displayName: 'A', extra: 1 }) }),
      await put('Not_An_Org', 'Acme', f.tokens.operator),
    ]) {
      expect(res.status).toBe(400)
      expect(((await res.json()) as { code: string }).code).toBe('VALIDATION_FAILED')
    }
    expect((await allAudit(f.store)).length).toBe(before)
  })

  it("an author's later upload is shown under the display name, whatever its manifest claims", async () => {
    expect((await put('fixture', 'Fixture Labs GmbH', f.tokens.operator)).status).toBe(200)
    const s = loadScenarioDir(fixture('echo-random'))
    const form = new FormData()
    form.set('manifest', new File([JSON.stringify({ ...s.manifest, version: '7.7.7', author: 'Bund (official)' })], 'manifest.json'))
    form.set('bundle', new File([s.bundle], 'bundle.js'))
    const res = await f.app.request('/api/v1/scenarios', { method: 'POST', headers: auth(f.tokens.author), body: form })
    expect(res.status).toBe(201)
    expect(((await res.json()) as { author: string }).author).toBe('Fixture Labs GmbH')
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await (await f.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }
    expect(Object.keys(doc.paths['/api/v1/orgs/{org}'] ?? {}).sort()).toEqual(['get', 'put'])
    expect(Object.keys(doc.paths['/api/v1/orgs/{org}']?.['put']?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']))
  })
})

describe('bund author set-name', () => {
  it('sets the name in a data dir, refuses a bad one with its code, and writes nothing then', async () => {
    const dir = tempDir()
    const ok = await bund(['author', 'set-name', '--org', 'acme', '--name', 'Acme Lending Ltd.', '--data-dir', dir])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toBe('acme is shown as "Acme Lending Ltd."\n')
    const again = await bund(['author', 'set-name', '--org', 'acme', '--name', 'Acme Lending', '--data-dir', dir])
    expect(again.stdout).toBe('acme is shown as "Acme Lending" (was "Acme Lending Ltd.")\n')
    const bad = await bund(['author', 'set-name', '--org', 'acme', '--name', 'Acme\u202eLtd', '--data-dir', dir])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^bund: DISPLAY_NAME_INVALID: the display name has U\+202E/)
    // JSON Lines, one entry each.
    const audit = (await bund(['audit', 'list', '--json', '--data-dir', dir])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: string })
    expect(audit.filter((e) => e.action === 'org.renamed').map((e) => e.actor)).toEqual(['cli', 'cli'])
  })

  it('beside a running server: STORE_LOCKED naming the API route', async () => {
    const locked = await bund(['author', 'set-name', '--org', 'acme', '--name', 'Acme', '--data-dir', f.dataDir])
    expect(locked.code).toBe(2)
    expect(locked.stderr).toMatch(/^bund: STORE_LOCKED: .*PUT \/api\/v1\/orgs\/acme/)
  })
})
