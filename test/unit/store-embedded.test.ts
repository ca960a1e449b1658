import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Store, checkSignature, openStore, sha256 } from '@bund/core'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/cli.js'
import { allAudit, allPublications, allRuns, fakeRun, publish } from '../helpers/store-records.js'

const open: Store[] = []
async function fresh(dir = tempDir(), options?: Parameters<typeof openStore>[1]): Promise<Store> {
  const s = await openStore(dir, options)
  open.push(s)
  return s
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
})

describe('store: publications are signed and chained', () => {
  it('signs each publication with the instance key, over canonical JSON', async () => {
    const store = await fresh()
    const p = await publish(store, 1)
    expect(p.signature).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(p.keyId).toBe(sha256(Buffer.from((await store.publicKey()).replace(/-----[^-]+-----|\s/g, ''), 'base64')))
    expect(checkSignature(p, (await store.publicKey())).ok).toBe(true)
    expect(checkSignature({ ...p, seed: 2 }, (await store.publicKey()))).toMatchObject({ ok: false, reason: expect.stringMatching(/changed after it was signed/) })
    expect((await store.getRun('run_1'))?.publicationId).toBe(p.id)
    expect((await store.getPublication(p.id))).toEqual(p)
  })

  it('keeps the private key at mode 0600 in the data dir, and the same key across opens', async () => {
    const dir = tempDir()
    const a = await openStore(dir)
    const key = (await a.publicKey())
    await a.close()
    expect(statSync(join(dir, 'keys', 'publication-signing.key')).mode & 0o777).toBe(0o600)
    const b = await fresh(dir)
    expect((await b.publicKey())).toBe(key)
  })

  it('appends every state change to the audit chain in the same write', async () => {
    const store = await fresh()
    await store.putScenario({ id: 'acme/fake', version: '1.0.0', title: 't', author: 'acme', category: 'credit', result: 'credit-decisions', bundleSha256: sha256('bundle'), manifest: {} as never, registeredAt: 'now' })
    const p = await publish(store, 1)
    await store.recordRun(fakeRun(2, 'held').run)
    const released = await store.releaseRun('run_2', 'operator:tok_1', 'reviewed by the committee')
    await store.withdrawPublication(p.id, 'operator:tok_1', 'wrong rule pack')
    await store.addToken({ id: 'tok_1', hash: sha256('secret'), role: 'operator', createdAt: 'now' })
    await store.revokeToken('tok_1', 'cli')
    await store.audit('cli', 'rule-pack.changed', 'fair-lending', { version: '1.1.0' })
    expect((await allAudit(store)).map((e) => e.action)).toEqual([
      'scenario.registered',
      'run.started', 'run.finished', 'publication.published',
      'run.started', 'run.finished', 'run.held',
      'run.released', 'publication.published',
      'publication.withdrawn',
      'token.issued', 'token.revoked',
      'rule-pack.changed',
    ])
    expect((await allAudit(store)).map((e) => e.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1))
    expect((await store.verifyAudit())).toEqual({ ok: true, entries: 13 })
    expect((await store.auditOf(released.id)).map((e) => e.action)).toEqual(['publication.published'])
    // Released: the run is published, with who and why; the publication says so and is signed.
    expect((await store.getRun('run_2'))).toMatchObject({ status: 'published', publicationId: released.id, release: { by: 'operator:tok_1', reason: 'reviewed by the committee' } })
    expect(released.releasedBy).toEqual({ by: 'operator:tok_1', reason: 'reviewed by the committee' })
    expect(checkSignature(released, (await store.publicKey())).ok).toBe(true)
    // Withdrawn: still there, marked, and still verifiable (withdrawn is outside the signature).
    expect((await allPublications(store)).map((x) => x.id)).toEqual([released.id])
    expect((await allPublications(store, { includeWithdrawn: true })).map((x) => x.id)).toEqual([released.id, p.id])
    expect(checkSignature((await store.getPublication(p.id))!, (await store.publicKey())).ok).toBe(true)
  })

  it('refuses a release or withdrawal without a reason, or in the wrong state, changing nothing', async () => {
    const store = await fresh()
    const p = await publish(store, 1)
    await store.recordRun(fakeRun(2, 'held').run)
    await store.recordRun({ ...fakeRun(3, 'failed').run, outputHash: null })
    const before = (await allAudit(store)).length
    await expect(store.releaseRun('run_2', 'cli', '  ')).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/reason is required/) })
    await expect(store.releaseRun('run_1', 'cli', 'x')).rejects.toMatchObject({ code: 'STATE_CONFLICT', message: expect.stringMatching(/already published as pub_/) })
    await expect(store.releaseRun('run_3', 'cli', 'x')).rejects.toMatchObject({ code: 'STATE_CONFLICT' })
    await expect(store.releaseRun('run_nope', 'cli', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(store.withdrawPublication(p.id, 'cli', '')).rejects.toMatchObject({ code: 'USAGE' })
    await store.withdrawPublication(p.id, 'cli', 'x')
    await expect(store.withdrawPublication(p.id, 'cli', 'again')).rejects.toMatchObject({ code: 'STATE_CONFLICT', message: expect.stringMatching(/already withdrawn/) })
    expect((await allAudit(store)).length).toBe(before + 1)
    expect((await store.getRun('run_2'))?.status).toBe('held')
  })

  it('stores tokens only as hashes and finds only live ones', async () => {
    const store = await fresh()
    await expect(store.addToken({ id: 'tok_1', hash: 'bund_secret_token', role: 'operator', createdAt: 'now' })).rejects.toMatchObject({ code: 'USAGE' })
    await store.addToken({ id: 'tok_1', hash: sha256('bund_secret_token'), role: 'author', org: 'acme', createdAt: 'now' })
    expect((await store.findToken(sha256('bund_secret_token')))?.org).toBe('acme')
    await store.revokeToken('tok_1', 'cli')
    expect((await store.findToken(sha256('bund_secret_token')))).toBeUndefined()
    expect((await store.listTokens())[0]?.revokedAt).toBeDefined()
    await store.close()
    expect(readFileSync(join(store.dataDir, 'db.json'), 'utf8')).not.toContain('bund_secret_token')
    expect(readFileSync(join(store.dataDir, 'db.json'), 'utf8')).toContain(sha256('bund_secret_token'))
  })
})

describe('store: durability', () => {
  it('reopens with everything, across sealed segments, and reads by id', async () => {
    const dir = tempDir()
    const a = await openStore(dir, { sealBytes: 4096, checkpointBytes: 4096 })
    const ids: string[] = []
    for (let i = 1; i <= 60; i++) ids.push((await publish(a, i)).id)
    await a.withdrawPublication(ids[0]!, 'cli', 'sealed records can be amended')
    await a.close()
    expect(readdirSync(join(dir, 'segments')).length).toBeGreaterThan(3)
    // Bounded: at most the seal size plus one write's records, whatever the total.
    expect(statSync(join(dir, 'db.json')).size).toBeLessThan(3 * 4096)
    const b = await fresh(dir)
    expect((await allPublications(b, { includeWithdrawn: true })).map((p) => p.id)).toEqual([...ids].reverse())
    expect((await b.getPublication(ids[0]!))?.withdrawn?.reason).toBe('sealed records can be amended')
    expect((await b.getPublication(ids[30]!))?.seed).toBe(31)
    expect((await b.verifyAudit())).toEqual({ ok: true, entries: 60 * 3 + 1 })
    expect((await b.listRuns({ limit: 2, offset: 1 })).items.map((r) => r.id)).toEqual(['run_59', 'run_58'])
  })

  it('refuses a corrupt, truncated or newer db.json with a clear message and leaves it untouched', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['truncated', '{"schemaVersion":2,"scenarios":[', /corrupt or truncated/],
      ['empty', '', /is empty/],
      ['newer', JSON.stringify({ schemaVersion: 99 }), /schema version 99, newer than this Bund understands \(2\); upgrade Bund/],
      ['not ours', JSON.stringify({ hello: 'world' }), /not a valid Bund database/],
    ]
    for (const [what, text, message] of cases) {
      const dir = tempDir()
      writeFileSync(join(dir, 'db.json'), text)
      await expect(openStore(dir), what).rejects.toMatchObject({ code: 'STORE_INVALID', message: expect.stringMatching(message) })
      expect(readFileSync(join(dir, 'db.json'), 'utf8'), what).toBe(text)
      expect(existsSync(join(dir, 'lock')), `${what}: lock released`).toBe(false)
    }
  })

  it('upgrades a version-1 db.json from the foundation release', async () => {
    const dir = tempDir()
    const { run } = fakeRun(1, 'held')
    writeFileSync(join(dir, 'db.json'), JSON.stringify({ schemaVersion: 1, scenarios: [], runs: [run], publications: [] }))
    const store = await fresh(dir)
    expect((await store.getRun('run_1'))?.status).toBe('held')
    await publish(store, 2)
    await store.close()
    expect(JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')).schemaVersion).toBe(2)
  })

  it('a refused change writes nothing, on disk or in memory', async () => {
    const dir = tempDir()
    const store = await fresh(dir)
    const scenario = { id: 'acme/fake', version: '1.0.0', title: 't', author: 'acme', category: 'credit', result: 'credit-decisions', bundleSha256: sha256('bundle'), manifest: {} as never, registeredAt: 'now' }
    await store.putScenario(scenario)
    const journal = readFileSync(join(dir, 'journal.jsonl'))
    await expect(store.putScenario({ ...scenario, bundleSha256: sha256('other') })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' })
    expect(readFileSync(join(dir, 'journal.jsonl')).equals(journal)).toBe(true)
    expect((await allAudit(store))).toHaveLength(1)
    expect((await store.getScenario('acme/fake'))?.bundleSha256).toBe(sha256('bundle'))
  })

  it('acknowledges a write once it is in the journal; a torn last line is dropped, a damaged middle refused', async () => {
    const dir = tempDir()
    const a = await openStore(dir)
    await publish(a, 1)
    await publish(a, 2)
    // Simulate a crash: copy the files as they are before close() folds the journal into db.json.
    const journal = readFileSync(join(dir, 'journal.jsonl'))
    const db = existsSync(join(dir, 'db.json')) ? readFileSync(join(dir, 'db.json')) : undefined
    await a.close()
    const crashed = tempDir()
    for (const sub of ['keys', 'segments']) if (existsSync(join(dir, sub))) (await import('node:fs')).cpSync(join(dir, sub), join(crashed, sub), { recursive: true })
    if (db) writeFileSync(join(crashed, 'db.json'), db)
    writeFileSync(join(crashed, 'journal.jsonl'), Buffer.concat([journal, Buffer.from('0123abc {"seq":3,"ru')]))
    const b = await fresh(crashed)
    expect((await allRuns(b)).map((r) => r.id)).toEqual(['run_2', 'run_1'])
    expect((await b.verifyAudit()).ok).toBe(true)
    await b.close()
    expect(readFileSync(join(crashed, 'journal.jsonl')).length).toBe(0)
    // A damaged entry with intact ones after it is corruption: refused, untouched.
    const damaged = tempDir()
    const lines = journal.toString().split('\n')
    const broken = [lines[0]!.replace('run_1', 'run_X'), ...lines.slice(1)].join('\n')
    writeFileSync(join(damaged, 'journal.jsonl'), broken)
    await expect(openStore(damaged)).rejects.toMatchObject({ code: 'STORE_INVALID', message: expect.stringMatching(/journal\.jsonl is corrupt at byte 0/) })
    expect(readFileSync(join(damaged, 'journal.jsonl'), 'utf8')).toBe(broken)
  })
})

describe('store: one writer per data directory', () => {
  it('refuses a second open in the same process, naming it', async () => {
    const dir = tempDir()
    await fresh(dir)
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED', message: expect.stringMatching(/already open here/) })
  })

  it('takes over a stale lock left by a dead process', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), since: 'long ago' }))
    const store = await fresh(dir)
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(process.pid)
    await store.close()
    expect(existsSync(join(dir, 'lock'))).toBe(false)
  })

  it('opens read-only beside a writer, without the lock, and refuses writes', async () => {
    const dir = tempDir()
    const writer = await fresh(dir)
    const p = await publish(writer, 1)
    const reader = await fresh(dir, { readOnly: true })
    expect((await reader.getPublication(p.id))?.signature).toBe(p.signature)
    await expect(publish(reader, 2)).rejects.toMatchObject({ code: 'STORE_INVALID', message: expect.stringMatching(/read-only/) })
  })
})
