/**
 * The PostgreSQL store's own guarantees, beyond the store contract (test/store/postgres.contract.test.ts):
 * records read back byte for byte so signatures verify, the shared artifact folder, key custody
 * across nodes (never a second key), rotation across nodes, and the evaluation secret's check.
 */
import { generateKeyPairSync } from 'node:crypto'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Publication, checkSignature, sha256 } from '@bund/core'
import { PgStore, connectPool, migrate } from '@bund/core/postgres'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bund, tempDir } from '../helpers/cli.js'
import { type TestDatabase, describePostgres, freshDatabase } from '../helpers/postgres.js'
import { fakeRun } from '../helpers/store-records.js'

const databases: TestDatabase[] = []
const open: PgStore[] = []
/** A migrated database of its own, and a node directory holding its keys (made at the first open). */
async function instance(): Promise<{ url: string; home: string; node: (dataDir?: string, options?: Parameters<typeof PgStore.open>[2]) => Promise<PgStore> }> {
  const db = await freshDatabase()
  databases.push(db)
  const pool = await connectPool(db.url)
  await migrate(pool)
  await pool.end()
  const home = tempDir()
  await (await PgStore.open(db.url, home)).close()
  /** A node: by default a new directory with a copy of the instance's keys/. */
  const node = async (dataDir?: string, options: Parameters<typeof PgStore.open>[2] = {}) => {
    const dir = dataDir ?? tempDir()
    if (dataDir === undefined) cpSync(join(home, 'keys'), join(dir, 'keys'), { recursive: true })
    const s = await PgStore.open(db.url, dir, options)
    open.push(s)
    return s
  }
  return { url: db.url, home, node }
}
let db: TestDatabase
let node: Awaited<ReturnType<typeof instance>>['node']
async function publish(store: PgStore, i: number): Promise<Publication> {
  const { run, publication } = fakeRun(i)
  store.artifacts.put('bundle')
  store.artifacts.put(`output ${i}`)
  return (await store.recordRun(run, publication)) as Publication
}
describePostgres('PostgreSQL store', () => {
  beforeAll(async () => {
    const shared = await instance()
    node = shared.node
    db = databases[0] as TestDatabase
  })
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close()
  })
  afterAll(async () => {
    for (const s of open.splice(0)) await s.close()
    for (const d of databases.splice(0)) await d.drop()
  })

  describe('records', () => {
    it('reads a signed publication back byte for byte, so its signature verifies, even with awkward JSON', async () => {
      const store = await node()
      const { run, publication } = fakeRun(1000)
      const params = { tiny: 1e-7, sum: 0.1 + 0.2, big: 2 ** 53 - 1, neg: -0.5e-300, nul: 'a\u0000b', emoji: '\u{1F600}', nested: { z: 1, a: [1.5, null] } }
      const body = { ...(publication as Omit<Publication, 'signature' | 'keyId'>), params }
      const { id: _id, ...rest } = body
      const { publicationId } = await import('@bund/core')
      const signed = (await store.recordRun({ ...run, params }, { id: publicationId(rest), ...rest })) as Publication
      const back = (await store.getPublication(signed.id)) as Publication
      expect(back).toEqual(signed)
      expect(back.params).toEqual(params)
      expect(checkSignature(back, await store.publicKey()).ok).toBe(true)
      expect((await store.getRun(run.id))?.publicationId).toBe(signed.id)
      // Artifacts: the shared content-addressed folder, $BUND_ARTIFACTS_DIR when set.
      expect(store.artifacts.dir).toBe(join(store.dataDir, 'artifacts'))
      expect(store.artifacts.put('bundle')).toBe(sha256('bundle'))
      expect(store.artifacts.get(sha256('bundle'))).toEqual(Buffer.from('bundle'))
      const shared = tempDir()
      const saved = process.env.BUND_ARTIFACTS_DIR
      process.env.BUND_ARTIFACTS_DIR = shared
      try {
        expect((await node()).artifacts.dir).toBe(shared)
      } finally {
        if (saved === undefined) delete process.env.BUND_ARTIFACTS_DIR
        else process.env.BUND_ARTIFACTS_DIR = saved
      }
    })
  })

  it('CLI commands work on the database when $BUND_DATABASE_URL is set (the data dir then holds only keys/)', async () => {
    const { url, home, node } = await instance()
    const env = { BUND_DATABASE_URL: url }
    const created = await bund(['token', 'create', '--role', 'operator', '--label', 'ops', '--data-dir', home], { env })
    expect(created.code, created.stderr).toBe(0)
    const verified = await bund(['audit', 'verify', '--json', '--data-dir', tempDir()], { env })
    expect(verified.code, verified.stderr).toBe(0)
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, entries: 1 })
    const store = await node()
    expect((await store.listTokens()).map((t) => t.label)).toEqual(['ops'])
  })

  describe('keys', () => {
    it('makes the first key once, then every node needs it: missing is KEY_MISSING, another is KEY_MISMATCH', async () => {
      const { url: dbUrl, home: first, node } = await instance()
      const a = await node(first)
      const key = await a.publicKey()
      const db = { url: dbUrl }
      // A second node with an empty keys/: never a new key.
      const empty = tempDir()
      await expect(PgStore.open(db.url, empty)).rejects.toMatchObject({ code: 'KEY_MISSING', message: expect.stringContaining('copy keys/') })
      expect(existsSync(join(empty, 'keys', 'publication-signing.key'))).toBe(false)
      // A node with a key of its own (e.g. an embedded store's): refused.
      const foreign = tempDir()
      const { openStore } = await import('@bund/core')
      await (await openStore(foreign)).close()
      await expect(PgStore.open(db.url, foreign)).rejects.toMatchObject({ code: 'KEY_MISMATCH' })
      // A copy of keys/ works, and signs with the same key.
      const copy = tempDir()
      cpSync(join(first, 'keys'), join(copy, 'keys'), { recursive: true })
      const b = await node(copy)
      expect(await b.publicKey()).toBe(key)
      expect(b.instanceId()).toMatch(/^[0-9a-f]{32}$/)
      expect(b.instanceId()).toBe(a.instanceId())
      const p = await publish(b, 70)
      expect(checkSignature(p, key).ok).toBe(true)
      // Read-only opens need no private key.
      const reader = await node(tempDir(), { readOnly: true })
      expect(await reader.publicKey()).toBe(key)
      await expect(reader.audit('cli', 'x', 'y', {})).rejects.toMatchObject({ code: 'STORE_INVALID' })
    })

    it('rotation keeps the history; a node still holding the retired key signs nothing (KEY_MISMATCH)', async () => {
      const { url, home: dirA, node } = await instance()
      const db = { url }
      const a = await node(dirA)
      const before = await publish(a, 80)
      const stale = tempDir()
      cpSync(join(dirA, 'keys'), join(stale, 'keys'), { recursive: true })
      const b = await node(stale)
      const r = await a.rotateSigningKey('cli', 'yearly rotation')
      expect(r.previous).toBe(before.keyId)
      const keys = await a.publicKeys()
      expect(keys.map((k) => k.keyId)).toEqual(expect.arrayContaining([r.previous, r.current]))
      expect(keys.find((k) => k.current)?.keyId).toBe(r.current)
      const after = await publish(a, 81)
      expect(after.keyId).toBe(r.current)
      // Every publication verifies with the key its keyId names.
      for (const p of [before, after]) expect(checkSignature(p, keys.find((k) => k.keyId === p.keyId)?.publicKey as string).ok).toBe(true)
      await expect(publish(b, 82)).rejects.toMatchObject({ code: 'KEY_MISMATCH' })
      expect(await b.getRun('run_82')).toBeUndefined()
      await expect(PgStore.open(db.url, stale)).rejects.toMatchObject({ code: 'KEY_MISMATCH', message: expect.stringContaining('retired') })
      expect((await a.auditOf(r.current)).map((e) => e.action)).toEqual(['key.rotated'])
    })

    it('`bund keys` on the database: show and list read its history; rotate records it and writes the new key on this node', async () => {
      const { url, home } = await instance()
      const shown = await bund(['keys', '--database-url', url, '--data-dir', tempDir(), '--json'])
      expect(shown.code, shown.stderr).toBe(0)
      const before = JSON.parse(shown.stdout).keyId as string
      const rotated = await bund(['keys', 'rotate', '--reason', 'test', '--database-url', url, '--data-dir', home, '--json'])
      expect(rotated.code, rotated.stderr).toBe(0)
      expect(JSON.parse(rotated.stdout)).toMatchObject({ previous: before })
      const list = await bund(['keys', 'list', '--json'], { env: { BUND_DATABASE_URL: url } })
      const items = JSON.parse(list.stdout).items as Array<{ keyId: string; current: boolean }>
      expect(items.map((k) => [k.keyId, k.current])).toEqual([[before, false], [JSON.parse(rotated.stdout).current, true]])
      // The node that rotated holds the new key and opens; nothing else was generated.
      const store = await PgStore.open(url, home)
      open.push(store)
      expect((await store.publicKeys()).find((k) => k.current)?.keyId).toBe(JSON.parse(rotated.stdout).current)
    })

    it('a second node started without keys, against a database that has a key: `bund worker` and `bund serve` stop with KEY_MISSING and advice; no key is made', async () => {
      const { url, node } = await instance()
      const before = await (await node()).publicKeys()
      for (const command of [['worker', '--concurrency', '1'], ['serve', '--port', '0']]) {
        const dir = tempDir()
        const r = await bund([...command, '--database-url', url, '--data-dir', dir, '--log-level', 'warn'], { env: { BUND_SIGNING_KEY_FILE: '' } })
        expect(r.code, `${command[0]}: ${r.stdout}`).not.toBe(0)
        expect(r.stderr).toMatch(/bund: KEY_MISSING: /)
        expect(r.stderr).toContain('copy keys/ from a node of this instance')
        expect(r.stderr).toContain('$BUND_SIGNING_KEY_FILE')
        expect(existsSync(join(dir, 'keys', 'publication-signing.key'))).toBe(false)
      }
      expect(await (await node()).publicKeys()).toEqual(before)
    })

    describe('secrets given by a file path in the environment', () => {
      const saved = { key: process.env.BUND_SIGNING_KEY_FILE, secret: process.env.BUND_EVALUATION_SECRET_FILE }
      afterEach(() => {
        for (const [name, value] of [['BUND_SIGNING_KEY_FILE', saved.key], ['BUND_EVALUATION_SECRET_FILE', saved.secret]] as const) {
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        }
      })
      const newKeyFile = () => {
        const path = join(tempDir(), 'signing.pem')
        writeFileSync(path, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }))
        return path
      }

      it('$BUND_SIGNING_KEY_FILE: the node signs with that key, never copied into keys/; another key is KEY_MISMATCH; an unreadable or invalid file is refused', async () => {
        const { url, home, node } = await instance()
        process.env.BUND_SIGNING_KEY_FILE = join(home, 'keys', 'publication-signing.key')
        const dir = tempDir()
        const b = await node(dir)
        const p = await publish(b, 90)
        expect(checkSignature(p, await b.publicKey()).ok).toBe(true)
        expect(existsSync(join(dir, 'keys', 'publication-signing.key'))).toBe(false)
        // A key that is not the database's current key: refused, naming where it came from.
        process.env.BUND_SIGNING_KEY_FILE = newKeyFile()
        await expect(PgStore.open(url, tempDir())).rejects.toMatchObject({ code: 'KEY_MISMATCH', message: expect.stringContaining('$BUND_SIGNING_KEY_FILE') })
        process.env.BUND_SIGNING_KEY_FILE = join(tempDir(), 'absent.pem')
        await expect(PgStore.open(url, tempDir())).rejects.toMatchObject({ code: 'KEY_UNREADABLE' })
        const junk = join(tempDir(), 'junk.pem')
        writeFileSync(junk, 'not a key\n')
        process.env.BUND_SIGNING_KEY_FILE = junk
        await expect(PgStore.open(url, tempDir())).rejects.toMatchObject({ code: 'KEY_INVALID' })
        // Nothing of this reached the key history.
        expect((await b.publicKeys()).map((k) => k.keyId)).toEqual([p.keyId])
      })

      it('$BUND_SIGNING_KEY_FILE on a database that never had a key: that key becomes the first, none is generated', async () => {
        const db = await freshDatabase()
        databases.push(db)
        const pool = await connectPool(db.url)
        await migrate(pool)
        await pool.end()
        process.env.BUND_SIGNING_KEY_FILE = newKeyFile()
        const dir = tempDir()
        const s = await PgStore.open(db.url, dir)
        open.push(s)
        const { createPrivateKey, createPublicKey } = await import('node:crypto')
        const given = createPublicKey(createPrivateKey(readFileSync(process.env.BUND_SIGNING_KEY_FILE))).export({ type: 'spki', format: 'pem' }).toString()
        expect(await s.publicKey()).toBe(given)
        expect(await s.publicKeys()).toHaveLength(1)
        expect(existsSync(join(dir, 'keys', 'publication-signing.key'))).toBe(false)
      })

      it('$BUND_EVALUATION_SECRET_FILE: the node evaluates with that secret, never copied into keys/; another secret is KEY_MISMATCH, a malformed one KEY_INVALID', async () => {
        const { home, node } = await instance()
        const secret = await (await node(home)).evaluationSecret()
        process.env.BUND_SIGNING_KEY_FILE = join(home, 'keys', 'publication-signing.key')
        process.env.BUND_EVALUATION_SECRET_FILE = join(home, 'keys', 'evaluation.secret')
        const dir = tempDir()
        expect(await (await node(dir)).evaluationSecret()).toEqual(secret)
        expect(existsSync(join(dir, 'keys', 'evaluation.secret'))).toBe(false)
        const other = join(tempDir(), 'other.secret')
        writeFileSync(other, `${'e'.repeat(64)}\n`)
        process.env.BUND_EVALUATION_SECRET_FILE = other
        await expect((await node(tempDir())).evaluationSecret()).rejects.toMatchObject({ code: 'KEY_MISMATCH', message: expect.stringContaining('$BUND_EVALUATION_SECRET_FILE') })
        writeFileSync(other, 'short\n')
        await expect((await node(tempDir())).evaluationSecret()).rejects.toMatchObject({ code: 'KEY_INVALID' })
      })
    })

    it('the evaluation secret: the same on every node, never made twice', async () => {
      const saved = process.env.BUND_EVALUATION_SECRET
      const { node } = await instance()
      try {
        const a = await node()
        const secret = await a.evaluationSecret()
        expect(secret).toHaveLength(32)
        // A node given another secret is refused; one given none, too.
        process.env.BUND_EVALUATION_SECRET = 'f'.repeat(64)
        const other = await node()
        await expect(other.evaluationSecret()).rejects.toMatchObject({ code: 'KEY_MISMATCH' })
        delete process.env.BUND_EVALUATION_SECRET
        const none = await node()
        await expect(none.evaluationSecret()).rejects.toMatchObject({ code: 'KEY_MISSING' })
        expect(existsSync(join(none.dataDir, 'keys', 'evaluation.secret'))).toBe(false)
      } finally {
        if (saved === undefined) delete process.env.BUND_EVALUATION_SECRET
        else process.env.BUND_EVALUATION_SECRET = saved
      }
    })
  })
})



