/**
 * The store contract: what every `Store` implementation must do, whatever keeps its data. Each
 * implementation's test file calls `describeStoreContract` once with a factory:
 *
 *   describeStoreContract('embedded', async () => {
 *     const dir = tempDir()
 *     return { store: await openStore(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) }
 *   })
 *
 * The factory makes a new, empty store for every test (its own data dir, database or schema) and
 * `cleanup` removes it after closing is done (the suite closes `store` itself first). The optional
 * hooks test what only some implementations can offer:
 * - `reopen`: open the same data again after `store.close()` (persistence across opens);
 * - `tamperAudit(seq)`: change audit entry `seq` where it is kept, behind the store's back, and
 *   return a store that reads the changed data (the same one, or one opened again): its
 *   verifyAudit must name that entry;
 * - `secondWriter`: another store instance on the same data, writing at the same time (a second
 *   node on one database); single-writer stores (the embedded one holds a lock) leave it out.
 */
import { createPublicKey, verify } from 'node:crypto'
import { type AuditEntry, BundError, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Publication, type RunRecord, type ScenarioRecord, type Store, auditLeaf, checkSignature, collectAll, dataHash, publishedData, sha256, tlog } from '@bund/core'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeRun } from '../helpers/store-records.js'

export interface StoreUnderTest {
  store: Store
  /** Removes what the factory made (the store is already closed). */
  cleanup(): Promise<void>
  /** Opens the same data again (after `store.close()`). */
  reopen?(): Promise<Store>
  /** Changes audit entry `seq` where it is kept, without going through the store; returns a store that reads the change. */
  tamperAudit?(seq: number): Promise<Store>
  /** Another store on the same data, for concurrent writers across processes or nodes. */
  secondWriter?(): Promise<Store>
}

export type StoreFactory = () => Promise<StoreUnderTest>

/** A finished run of `scenario` (published, held or failed) and, when published, its publication. */
function runOf(i: number, scenario: string, status: RunRecord['status'] = 'published', version = '1.0.0') {
  const { run, publication } = fakeRun(i, status)
  const r: RunRecord = { ...run, scenario, version }
  return { run: r, publication: publication === undefined ? undefined : { ...publication, scenario, version } }
}

function scenarioRecord(id: string, version: string, bundle = 'bundle'): ScenarioRecord {
  return {
    id,
    version,
    title: `${id} ${version}`,
    author: id.split('/')[0] as string,
    category: 'credit',
    result: 'credit-decisions',
    bundleSha256: sha256(bundle),
    manifest: { id, version } as never,
    registeredAt: new Date().toISOString(),
  }
}

async function rejection(promise: Promise<unknown>): Promise<BundError> {
  try {
    await promise
  } catch (e) {
    if (e instanceof BundError) return e
    throw e
  }
  throw new Error('expected a BundError, but the call succeeded')
}

/** MTH of RFC 9162 §2.1.1 over leaf hashes, computed directly (the reference the stored tree must match). */
function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return tlog.EMPTY_ROOT
  if (leaves.length === 1) return leaves[0] as Buffer
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return tlog.nodeHash(merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k)))
}

async function publishRun(store: Store, i: number, scenario = 'acme/fake', version = '1.0.0'): Promise<Publication> {
  const { run, publication } = runOf(i, scenario, 'published', version)
  return (await store.recordRun(run, publication)) as Publication
}

export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    let current: StoreUnderTest[] = []
    const extra: Store[] = []
    async function fresh(): Promise<StoreUnderTest> {
      const made = await makeStore()
      current.push(made)
      return made
    }
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close().catch(() => undefined)
      for (const made of current) {
        await made.store.close().catch(() => undefined)
        await made.cleanup()
      }
      current = []
    })

    it('registry: registers versions, finds the newest, refuses another bundle under the same version (VERSION_CONFLICT)', async () => {
      const { store } = await fresh()
      await store.putScenario(scenarioRecord('acme/fake', '1.0.0'), 'cli')
      await store.putScenario(scenarioRecord('acme/fake', '1.2.0'), 'cli')
      await store.putScenario(scenarioRecord('acme/fake', '1.10.0'), 'cli')
      expect((await store.getScenario('acme/fake'))?.version).toBe('1.10.0')
      expect((await store.getScenario('acme/fake', '1.2.0'))?.version).toBe('1.2.0')
      expect(await store.getScenario('acme/fake', '9.9.9')).toBeUndefined()
      expect(await store.getScenario('acme/other')).toBeUndefined()
      // The same bundle again is a no-op; another bundle is a conflict and changes nothing.
      await store.putScenario(scenarioRecord('acme/fake', '1.0.0'), 'cli')
      const e = await rejection(store.putScenario(scenarioRecord('acme/fake', '1.0.0', 'another bundle'), 'cli'))
      expect(e.code).toBe('VERSION_CONFLICT')
      expect((await store.getScenario('acme/fake', '1.0.0'))?.bundleSha256).toBe(sha256('bundle'))
      expect((await store.listScenarios()).map((s) => s.version).sort()).toEqual(['1.0.0', '1.10.0', '1.2.0'])
      const registered = (await collectAll((o) => store.listAudit(o), {})).filter((a) => a.action === 'scenario.registered')
      expect(registered.map((a) => a.subject)).toEqual(['acme/fake@1.0.0', 'acme/fake@1.2.0', 'acme/fake@1.10.0'])
    })

    it('runs and publications: one write records the run and its signed publication; ids are unique', async () => {
      const { store } = await fresh()
      const p = await publishRun(store, 1)
      expect(p.id).toMatch(/^pub_[0-9a-f]+$/)
      expect(checkSignature(p, await store.publicKey()).ok).toBe(true)
      expect(p.keyId).toBe((await store.publicKeys()).find((k) => k.current)?.keyId)
      expect(await store.getPublication(p.id)).toEqual(p)
      expect((await store.getRun('run_1'))?.publicationId).toBe(p.id)
      expect(await store.getRun('run_404')).toBeUndefined()
      expect(await store.getPublication('pub_404')).toBeUndefined()
      // Recording the same run twice, or a publication for a held run, is a conflict that writes nothing.
      const again = runOf(1, 'acme/fake')
      expect((await rejection(store.recordRun(again.run, again.publication))).code).toBe('STATE_CONFLICT')
      const held = runOf(2, 'acme/fake', 'held')
      expect((await rejection(store.recordRun(held.run, runOf(2, 'acme/fake').publication))).code).toBe('STATE_CONFLICT')
      expect(await store.getRun('run_2')).toBeUndefined()
      const actions = (await collectAll((o) => store.listAudit(o), {})).map((e) => e.action)
      expect(actions).toEqual(['run.started', 'run.finished', 'publication.published'])
    })

    it('listings: newest first, in pages with a total, filtered by scenario, version, status and org', async () => {
      const { store } = await fresh()
      const made: Publication[] = []
      for (let i = 1; i <= 30; i++) {
        const scenario = i % 3 === 0 ? 'beta/other' : 'acme/fake'
        const version = i % 2 === 0 ? '2.0.0' : '1.0.0'
        made.push(await publishRun(store, i, scenario, version))
      }
      for (let i = 31; i <= 34; i++) await store.recordRun(runOf(i, 'acme/fake', 'held').run)
      await store.recordRun(runOf(35, 'beta/other', 'failed').run)

      const first = await store.listPublications({ limit: 7 })
      expect(first.total).toBe(30)
      expect(first.items.map((p) => p.id)).toEqual(made.slice(-7).reverse().map((p) => p.id))
      const second = await store.listPublications({ offset: 7, limit: 7 })
      expect(second.offset).toBe(7)
      expect(second.items.map((p) => p.id)).toEqual(made.slice(-14, -7).reverse().map((p) => p.id))
      const past = await store.listPublications({ offset: 30, limit: 7 })
      expect(past).toMatchObject({ items: [], total: 30 })

      const beta = await store.listPublications({ scenario: 'beta/other', limit: 100 })
      expect(beta.total).toBe(10)
      expect(beta.items.every((p) => p.scenario === 'beta/other')).toBe(true)
      const betaV2 = await store.listPublications({ scenario: 'beta/other', version: '2.0.0' })
      expect(betaV2.items.map((p) => p.seed)).toEqual([30, 24, 18, 12, 6])
      expect((await store.listPublications({ org: 'acme' })).total).toBe(20)

      expect((await store.listRuns({ limit: 0 })).total).toBe(35)
      expect((await store.listRuns({ limit: 1 })).items[0]?.id).toBe('run_35')
      const held = await store.listRuns({ status: 'held' })
      expect(held.items.map((r) => r.id)).toEqual(['run_34', 'run_33', 'run_32', 'run_31'])
      expect((await store.listRuns({ status: 'failed', org: 'beta' })).items.map((r) => r.id)).toEqual(['run_35'])
      expect((await store.listRuns({ status: 'failed', org: 'acme' })).total).toBe(0)
      // An org filter matches the org of the id, not a prefix of it.
      expect((await store.listRuns({ org: 'acm' })).total).toBe(0)
    })

    it('pages are bounded: a default limit, a cap, and nothing negative', async () => {
      const { store } = await fresh()
      for (let i = 1; i <= DEFAULT_PAGE_LIMIT + 5; i++) await store.audit('cli', 'test.event', `subject-${i}`, { i })
      const page = await store.listAudit()
      expect(page.items).toHaveLength(DEFAULT_PAGE_LIMIT)
      expect(page.total).toBe(DEFAULT_PAGE_LIMIT + 5)
      expect((await store.listAudit({ limit: MAX_PAGE_LIMIT * 10 })).limit).toBeLessThanOrEqual(MAX_PAGE_LIMIT)
      const odd = await store.listAudit({ offset: -5, limit: -1 })
      expect(odd).toMatchObject({ offset: 0, items: [] })
      expect((await store.listAudit({ offset: 100, limit: 10 })).items.map((e) => e.seq)).toEqual([101, 102, 103, 104, 105])
    })

    it('withdrawn publications are hidden from listings unless asked for, and leave the published versions', async () => {
      const { store } = await fresh()
      const a = await publishRun(store, 1, 'acme/fake', '1.0.0')
      const b = await publishRun(store, 2, 'acme/fake', '1.0.0')
      const c = await publishRun(store, 3, 'acme/fake', '2.0.0')
      expect(await store.publishedVersions()).toEqual(
        expect.arrayContaining([
          { scenario: 'acme/fake', version: '1.0.0', publications: 2 },
          { scenario: 'acme/fake', version: '2.0.0', publications: 1 },
        ]),
      )
      const withdrawn = await store.withdrawPublication(c.id, 'operator:tok_1', 'wrong rule pack')
      expect(withdrawn.withdrawn).toMatchObject({ by: 'operator:tok_1', reason: 'wrong rule pack' })
      // Withdrawal is an amendment: the signature still verifies, the publication stays readable.
      expect(checkSignature(withdrawn, await store.publicKey()).ok).toBe(true)
      expect((await store.getPublication(c.id))?.withdrawn?.reason).toBe('wrong rule pack')
      expect((await store.listPublications()).items.map((p) => p.id)).toEqual([b.id, a.id])
      expect((await store.listPublications()).total).toBe(2)
      expect((await store.listPublications({ includeWithdrawn: true })).items.map((p) => p.id)).toEqual([c.id, b.id, a.id])
      expect(await store.publishedVersions()).toEqual([{ scenario: 'acme/fake', version: '1.0.0', publications: 2 }])
      expect((await rejection(store.withdrawPublication(c.id, 'cli', 'again'))).code).toBe('STATE_CONFLICT')
      expect((await rejection(store.withdrawPublication('pub_404', 'cli', 'x'))).code).toBe('NOT_FOUND')
      expect((await rejection(store.withdrawPublication(a.id, 'cli', '  '))).code).toBe('USAGE')
      const entry = (await store.auditOf(c.id)).find((e) => e.action === 'publication.withdrawn')
      expect(entry?.dataHash).toBe(dataHash(withdrawn.withdrawn))
    })

    it('release: an operator publishes a held run, signed, with the reason; only held runs', async () => {
      const { store } = await fresh()
      await store.recordRun(runOf(1, 'acme/fake', 'held').run)
      await store.recordRun(runOf(2, 'acme/fake', 'failed').run)
      expect((await rejection(store.releaseRun('run_1', 'operator:tok_1', ''))).code).toBe('USAGE')
      const p = await store.releaseRun('run_1', 'operator:tok_1', 'reviewed by the committee')
      expect(p.releasedBy).toEqual({ by: 'operator:tok_1', reason: 'reviewed by the committee' })
      expect(checkSignature(p, await store.publicKey()).ok).toBe(true)
      expect(await store.getPublication(p.id)).toEqual(p)
      expect(await store.getRun('run_1')).toMatchObject({ status: 'published', publicationId: p.id, release: { by: 'operator:tok_1', reason: 'reviewed by the committee' } })
      expect((await store.listRuns({ status: 'held' })).total).toBe(0)
      expect((await store.listRuns({ status: 'published' })).items.map((r) => r.id)).toEqual(['run_1'])
      expect((await rejection(store.releaseRun('run_1', 'operator:tok_1', 'twice'))).code).toBe('STATE_CONFLICT')
      expect((await rejection(store.releaseRun('run_2', 'operator:tok_1', 'failed run'))).code).toBe('STATE_CONFLICT')
      expect((await rejection(store.releaseRun('run_404', 'operator:tok_1', 'nothing'))).code).toBe('NOT_FOUND')
      const released = (await store.auditOf('run_1')).map((e) => e.action)
      expect(released).toEqual(['run.started', 'run.finished', 'run.held', 'run.released'])
      expect((await store.auditOf(p.id)).map((e) => e.action)).toEqual(['publication.published'])
      expect((await store.auditOf(p.id))[0]?.dataHash).toBe(dataHash(publishedData(p)))
    })

    it('tokens: stored by hash only, found by hash while live, revoked once', async () => {
      const { store } = await fresh()
      const hash = sha256('bund_secret')
      expect((await rejection(store.addToken({ id: 'tok_0', hash: 'bund_secret', role: 'operator', createdAt: 'now' })) ).code).toBe('USAGE')
      await store.addToken({ id: 'tok_1', hash, role: 'operator', label: 'first', createdAt: new Date().toISOString() })
      await store.addToken({ id: 'tok_2', hash: sha256('bund_author'), role: 'author', org: 'acme', createdAt: new Date().toISOString() })
      expect((await rejection(store.addToken({ id: 'tok_1', hash: sha256('x'), role: 'operator', createdAt: 'now' }))).code).toBe('STATE_CONFLICT')
      expect((await rejection(store.addToken({ id: 'tok_3', hash, role: 'operator', createdAt: 'now' }))).code).toBe('STATE_CONFLICT')
      expect(await store.findToken(hash)).toMatchObject({ id: 'tok_1', role: 'operator' })
      expect(await store.findToken(sha256('bund_author'))).toMatchObject({ id: 'tok_2', role: 'author', org: 'acme' })
      expect(await store.findToken(sha256('unknown'))).toBeUndefined()
      const revoked = await store.revokeToken('tok_1', 'cli')
      expect(revoked.revokedAt).toEqual(expect.any(String))
      expect(await store.findToken(hash)).toBeUndefined()
      expect((await store.listTokens()).map((t) => [t.id, t.revokedAt !== undefined])).toEqual([
        ['tok_1', true],
        ['tok_2', false],
      ])
      expect((await rejection(store.revokeToken('tok_1', 'cli'))).code).toBe('STATE_CONFLICT')
      expect((await rejection(store.revokeToken('tok_404', 'cli'))).code).toBe('NOT_FOUND')
      // The audit chain never records the hash.
      const issued = (await store.auditOf('tok_1')).map((e) => e.action)
      expect(issued).toEqual(['token.issued', 'token.revoked'])
    })

    it('author keys: one per org, replaced by a newer registration', async () => {
      const { store } = await fresh()
      const { generateKeyPairSync } = await import('node:crypto')
      const pem = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()
      const [k1, k2] = [pem(), pem()]
      expect(await store.getAuthorKey('acme')).toBeUndefined()
      await store.putAuthorKey({ org: 'acme', publicKey: k1, registeredAt: '2026-01-01T00:00:00.000Z' }, 'cli')
      expect(await store.getAuthorKey('acme')).toEqual({ org: 'acme', publicKey: k1, registeredAt: '2026-01-01T00:00:00.000Z' })
      await store.putAuthorKey({ org: 'acme', publicKey: k2, registeredAt: '2026-02-01T00:00:00.000Z' }, 'cli')
      expect((await store.getAuthorKey('acme'))?.publicKey).toBe(k2)
      expect(await store.getAuthorKey('beta')).toBeUndefined()
      expect((await store.auditOf('acme')).map((e) => e.action)).toEqual(['author-key.registered', 'author-key.registered'])
    })

    it('orgs: a display name per org, replaced by a newer one, each change audited', async () => {
      const { store } = await fresh()
      expect(await store.getOrg('acme')).toBeUndefined()
      const first = await store.setOrgName('acme', 'Acme Lending', 'operator:tok_1')
      expect(first).toMatchObject({ org: 'acme', displayName: 'Acme Lending', updatedBy: 'operator:tok_1' })
      await store.setOrgName('beta', 'Beta Bank', 'operator:tok_1')
      await store.setOrgName('acme', 'Acme Lending Ltd', 'operator:tok_2')
      expect((await store.getOrg('acme'))?.displayName).toBe('Acme Lending Ltd')
      expect((await store.listOrgs()).map((o) => [o.org, o.displayName]).sort()).toEqual([
        ['acme', 'Acme Lending Ltd'],
        ['beta', 'Beta Bank'],
      ])
      expect((await store.auditOf('acme')).map((e) => e.action)).toEqual(['org.renamed', 'org.renamed'])
    })

    it('instance id: 32 hex digits, the same for the life of the store, kept by a key rotation', async () => {
      const made = await fresh()
      const id = made.store.instanceId()
      expect(id).toMatch(/^[0-9a-f]{32}$/)
      await made.store.rotateSigningKey('cli', 'rotation keeps the instance')
      expect(made.store.instanceId()).toBe(id)
      if (made.reopen !== undefined) {
        await made.store.close()
        made.store = await made.reopen()
        expect(made.store.instanceId()).toBe(id)
      }
    })

    it('audit chain: every change appended in order, hash-linked, found by subject, verified', async () => {
      const made = await fresh()
      const { store } = made
      const p = await publishRun(store, 1)
      await store.recordRun(runOf(2, 'acme/fake', 'held').run)
      await store.audit('cli', 'rule-pack.changed', 'fair-lending', { version: '1.1.0' })
      const entries = await collectAll((o) => store.listAudit(o), {})
      expect(entries.map((e) => e.action)).toEqual(['run.started', 'run.finished', 'publication.published', 'run.started', 'run.finished', 'run.held', 'rule-pack.changed'])
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7])
      for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash)
      expect((await store.auditOf('run_2')).map((e) => e.seq)).toEqual([4, 5, 6])
      expect((await store.auditOf(p.id)).map((e) => e.seq)).toEqual([3])
      expect(await store.auditOf('nothing')).toEqual([])
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: 7 })
      if (made.tamperAudit !== undefined) {
        made.store = await made.tamperAudit(5)
        const broken = await made.store.verifyAudit()
        expect(broken.ok).toBe(false)
        expect(broken.broken?.seq).toBe(5)
      }
    })

    it("transparency log: the stored tree's leaves are the audit entries, with proofs that verify", async () => {
      const { store } = await fresh()
      const first = await publishRun(store, 1)
      const entriesAt = async () => collectAll((o) => store.listAudit(o), {})
      const early = await store.logHashes()
      const earlyRoot = await tlog.withStoredHashes(early, (t) => tlog.rootAt(t, t.size))
      for (let i = 2; i <= 6; i++) await publishRun(store, i)
      await store.withdrawPublication(first.id, 'cli', 'checking the log')
      const entries: AuditEntry[] = await entriesAt()
      const tree = await store.logHashes()
      expect(tree.size).toBe(entries.length)
      const leaves = entries.map((e) => tlog.leafHash(auditLeaf(e)))
      const root = await tlog.withStoredHashes(tree, (t) => tlog.rootAt(t, t.size))
      expect(root.equals(merkleRoot(leaves))).toBe(true)
      expect(earlyRoot.equals(merkleRoot(leaves.slice(0, early.size)))).toBe(true)
      const published = entries.find((e) => e.action === 'publication.published' && e.subject === first.id) as AuditEntry
      const proof = await tlog.withStoredHashes(tree, (t) => tlog.inclusionProof(t, published.seq - 1, t.size))
      expect(tlog.verifyInclusion(published.seq - 1, tree.size, leaves[published.seq - 1] as Buffer, proof, root)).toBe(true)
      const consistency = await tlog.withStoredHashes(tree, (t) => tlog.consistencyProof(t, early.size, t.size))
      expect(tlog.verifyConsistency(early.size, tree.size, earlyRoot, root, consistency)).toBe(true)
    })

    it('signing: sign() uses the instance key; a rotation keeps every earlier key in the history', async () => {
      const { store } = await fresh()
      const message = Buffer.from('checkpoint body\n')
      expect(verify(null, message, createPublicKey(await store.publicKey()), store.sign(message))).toBe(true)
      const before = await publishRun(store, 1)
      expect((await rejection(store.rotateSigningKey('cli', ''))).code).toBe('USAGE')
      const rotated = await store.rotateSigningKey('cli', 'annual rotation')
      expect(rotated.previous).toBe(before.keyId)
      expect(rotated.current).not.toBe(before.keyId)
      const after = await publishRun(store, 2)
      expect(after.keyId).toBe(rotated.current)
      const keys = await store.publicKeys()
      expect(keys.map((k) => [k.keyId, k.current]).sort()).toEqual([[before.keyId, false], [rotated.current, true]].sort())
      // Each publication verifies with the key it names; the old one not with the new key.
      const keyOf = (id: string) => keys.find((k) => k.keyId === id)?.publicKey as string
      expect(checkSignature(before, keyOf(before.keyId)).ok).toBe(true)
      expect(checkSignature(after, keyOf(after.keyId)).ok).toBe(true)
      expect(checkSignature(before, await store.publicKey()).ok).toBe(false)
      expect(verify(null, message, createPublicKey(await store.publicKey()), store.sign(message))).toBe(true)
      expect((await store.auditOf(rotated.current)).map((e) => e.action)).toEqual(['key.rotated'])
      expect((await store.verifyAudit()).ok).toBe(true)
    })

    it('run-queue persistence: accepted runs are kept until recorded or ended with a reason', async () => {
      const { store } = await fresh()
      const accepted = (id: string, at: string) => ({ id, scenario: 'acme/fake', version: '1.0.0', seed: 1, rows: null, params: {}, actor: 'operator:tok_1', acceptedAt: at })
      await store.acceptRun(accepted('run_b', '2026-01-01T00:00:02.000Z'))
      await store.acceptRun(accepted('run_a', '2026-01-01T00:00:01.000Z'))
      await store.acceptRun(accepted('run_c', '2026-01-01T00:00:03.000Z'))
      expect((await rejection(store.acceptRun(accepted('run_a', '2026-01-01T00:00:04.000Z')))).code).toBe('STATE_CONFLICT')
      expect((await store.acceptedRuns()).map((r) => r.id)).toEqual(['run_a', 'run_b', 'run_c'])
      // Recording the run removes it from the accepted ones, in the same write.
      const { run, publication } = runOf(0, 'acme/fake')
      await store.recordRun({ ...run, id: 'run_a' }, { ...(publication as NonNullable<typeof publication>), runId: 'run_a' })
      const ended = await store.endAcceptedRun('run_b', { code: 'SCENARIO_NOT_FOUND', message: 'gone' }, 'system')
      expect(ended).toMatchObject({ id: 'run_b', status: 'failed', error: { code: 'SCENARIO_NOT_FOUND', message: 'gone' } })
      expect(await store.getRun('run_b')).toMatchObject({ status: 'failed', error: { code: 'SCENARIO_NOT_FOUND' } })
      expect((await store.acceptedRuns()).map((r) => r.id)).toEqual(['run_c'])
      expect((await rejection(store.endAcceptedRun('run_b', { code: 'X', message: 'x' }, 'system'))).code).toBe('NOT_FOUND')
      expect((await rejection(store.acceptRun(accepted('run_a', '2026-01-01T00:00:05.000Z')))).code).toBe('STATE_CONFLICT')
      expect((await store.auditOf('run_c')).map((e) => e.action)).toEqual(['run.accepted'])
    })

    it('concurrent writers: every write lands, and the chain stays one line of history', async () => {
      const made = await fresh()
      const { store } = made
      const other = made.secondWriter === undefined ? undefined : await made.secondWriter()
      if (other !== undefined) extra.push(other)
      const writers = other === undefined ? [store] : [store, other]
      const writes: Promise<unknown>[] = []
      for (let i = 1; i <= 40; i++) {
        const w = writers[i % writers.length] as Store
        writes.push(i % 4 === 0 ? w.audit('cli', 'test.event', `event-${i}`, { i }) : publishRun(w, i))
      }
      const results = await Promise.allSettled(writes)
      expect(results.filter((r) => r.status === 'rejected')).toEqual([])
      const entries = await collectAll((o) => store.listAudit(o), {})
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1))
      expect(entries).toHaveLength(30 * 3 + 10)
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: 100 })
      expect((await store.listPublications({ limit: 0 })).total).toBe(30)
      expect((await store.logHashes()).size).toBe(100)
    })

    it('persistence: what was acknowledged is there after reopening', async () => {
      const made = await fresh()
      if (made.reopen === undefined) return
      const p = await publishRun(made.store, 1)
      await made.store.addToken({ id: 'tok_1', hash: sha256('t'), role: 'operator', createdAt: 'now' })
      await made.store.acceptRun({ id: 'run_w', scenario: 'acme/fake', version: '1.0.0', seed: 1, rows: null, params: {}, actor: 'cli', acceptedAt: 'now' })
      await made.store.close()
      made.store = await made.reopen()
      expect(await made.store.getPublication(p.id)).toEqual(p)
      expect((await made.store.findToken(sha256('t')))?.id).toBe('tok_1')
      expect((await made.store.acceptedRuns()).map((r) => r.id)).toEqual(['run_w'])
      expect(await made.store.verifyAudit()).toEqual({ ok: true, entries: 5 })
    })
  })
}
