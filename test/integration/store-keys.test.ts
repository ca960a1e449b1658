/**
 * Key custody, tried as an operator would break it: a signing key that goes missing or becomes
 * unreadable is never silently replaced; a rotation is explicit, recorded, and keeps every earlier
 * publication verifiable.
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto'
import { chownSync, chmodSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { openStore, tlog } from '@bund/core'
import { createApp, createDeps } from '@bund/core/http'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { bund, tempDir } from '../helpers/cli.js'
import { allAudit, publish } from '../helpers/store-records.js'

const KEY = join('keys', 'publication-signing.key')
const PUB = join('keys', 'publication-signing.pub')

/** A data dir holding `n` signed publications; returns their ids. */
async function signedStore(n: number): Promise<{ dir: string; ids: string[] }> {
  const dir = tempDir()
  const store = await openStore(dir)
  const ids: string[] = []
  for (let i = 1; i <= n; i++) ids.push((await publish(store, i)).id)
  await store.close()
  return { dir, ids }
}

describe('key custody', () => {
  it('a missing private key is KEY_MISSING: no new key, the public key untouched, old publications still verify', async () => {
    const { dir, ids } = await signedStore(3)
    const pub = readFileSync(join(dir, PUB), 'utf8')
    rmSync(join(dir, KEY))
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'KEY_MISSING', message: expect.stringMatching(/Restore the file from your backup.*bund keys rotate --lost/s) })
    expect(existsSync(join(dir, KEY))).toBe(false)
    expect(readFileSync(join(dir, PUB), 'utf8')).toBe(pub)
    // The CLI says the same, with the code.
    const run = await bund(['keys', 'rotate', '--data-dir', dir])
    expect(run.stderr).toMatch(/^bund: USAGE: .*--reason/)
    const verify = await bund(['verify', ids[0]!, '--data-dir', dir])
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
  })

  it('a missing key with the public key also gone is still KEY_MISSING while publications exist', async () => {
    const { dir } = await signedStore(1)
    rmSync(join(dir, 'keys'), { recursive: true })
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'KEY_MISSING', message: expect.stringMatching(/publications in this store are signed with it/) })
    expect(existsSync(join(dir, KEY))).toBe(false)
  })

  it('an unreadable private key is KEY_UNREADABLE (not KEY_INVALID), and nothing is moved or replaced', async () => {
    const { dir } = await signedStore(1)
    const key = readFileSync(join(dir, KEY))
    // Run as another user (nobody) who owns the data dir but not keys/: a real EACCES.
    for (const d of [dir, join(dir, 'backups'), join(dir, 'segments'), join(dir, 'artifacts')]) if (existsSync(d)) chownSync(d, 65534, 65534)
    for (const f of readdirSync(dir)) if (f !== 'keys') chownRecursive(join(dir, f), 65534)
    // keys/ can be listed by everyone; the private key (mode 0600, root's) cannot be read.
    chmodSync(join(dir, 'keys'), 0o755)
    const opened = await runAs(65534, `import('@bund/core').then(m => m.openStore(${JSON.stringify(dir)})).then(s => s.close()).then(() => console.log('opened'), e => console.log(e.code, e.message))`)
    expect(opened).toMatch(/^KEY_UNREADABLE .*cannot be read \(EACCES\).*Do not move it away/)
    expect(readFileSync(join(dir, KEY)).equals(key)).toBe(true)
  })

  it('keys rotate: new key, the old one kept in the history; verify, /public-keys and the audit log agree', async () => {
    const { dir, ids } = await signedStore(2)
    const before = JSON.parse((await bund(['keys', '--json', '--data-dir', dir])).stdout)
    const rotated = await bund(['keys', 'rotate', '--reason', 'annual rotation', '--json', '--data-dir', dir])
    expect(rotated.code, rotated.stderr).toBe(0)
    const r = JSON.parse(rotated.stdout)
    expect(r.previous).toBe(before.keyId)
    expect(r.current).not.toBe(before.keyId)
    const store = await openStore(dir)
    try {
      expect((await store.publicKeys()).map((k) => [k.keyId, k.current]).sort()).toEqual([[before.keyId, false], [r.current, true]].sort())
      const after = await publish(store, 3)
      expect(after.keyId).toBe(r.current)
      const rotation = (await allAudit(store)).find((e) => e.action === 'key.rotated')
      expect(rotation).toMatchObject({ subject: r.current, actor: 'cli' })
      expect((await store.verifyAudit()).ok).toBe(true)
      // The API serves the current key and the whole history, to anyone.
      const { deps, close } = createDeps({ store, concurrency: 1, logger: pino({ level: 'silent' }) })
      const app = createApp(deps)
      expect(await (await app.request('/api/v1/public-key')).json()).toMatchObject({ keyId: r.current })
      const keys = (await (await app.request('/api/v1/public-keys')).json()) as { items: Array<{ keyId: string; current: boolean }> }
      expect(keys.items.map((k) => [k.keyId, k.current]).sort()).toEqual([[before.keyId, false], [r.current, true]].sort())
      await close()
      // Publications before and after the rotation verify, each with its own key.
      await store.close()
      for (const id of [ids[0]!, after.id]) {
        const v = await bund(['verify', id, '--json', '--data-dir', dir])
        expect(v.code, v.stdout).toBe(0)
      }
      const list = JSON.parse((await bund(['keys', 'list', '--json', '--data-dir', dir])).stdout)
      expect(list.items).toHaveLength(2)
    } finally {
      await store.close()
    }
  })

  it('keys rotate --lost replaces a lost key explicitly; earlier publications still verify with the retired key', async () => {
    const { dir, ids } = await signedStore(2)
    const oldPub = readFileSync(join(dir, PUB), 'utf8')
    rmSync(join(dir, KEY))
    const r = await bund(['keys', 'rotate', '--lost', '--reason', 'key lost with the old host', '--json', '--data-dir', dir])
    expect(r.code, r.stderr).toBe(0)
    expect(readFileSync(join(dir, PUB), 'utf8')).not.toBe(oldPub)
    const store = await openStore(dir)
    const p = await publish(store, 9)
    expect(p.keyId).toBe(JSON.parse(r.stdout).current)
    await store.close()
    for (const id of [...ids, p.id]) expect((await bund(['verify', id, '--data-dir', dir])).code).toBe(0)
    const doctor = await bund(['doctor', '--json', '--data-dir', dir])
    expect(JSON.parse(doctor.stdout).findings.map((f: { message: string }) => f.message).join('\n')).toMatch(/all 3 publication signatures verify/)
  })

  it('the log is named by the instance id, not a key: a rotation keeps the origin, and a checkpoint from before it still verifies', async () => {
    const { dir } = await signedStore(2)
    const checkpointOf = async (): Promise<{ note: string; id: string; keyId: string }> => {
      const store = await openStore(dir)
      try {
        const { deps, close } = createDeps({ store, concurrency: 1, logger: pino({ level: 'silent' }) })
        const note = await (await createApp(deps).request('/api/v1/log/checkpoint')).text()
        await close()
        return { note, id: store.instanceId(), keyId: (await store.publicKeys()).find((k) => k.current)!.keyId }
      } finally {
        await store.close()
      }
    }
    const before = await checkpointOf()
    expect(before.id).toMatch(/^[0-9a-f]{32}$/)
    expect(before.keyId.startsWith(before.id)).toBe(false)
    expect(readFileSync(join(dir, 'keys', 'instance-id'), 'utf8').trim()).toBe(before.id)
    expect(before.note.split('\n')[0]).toBe(`bund/${before.id}`)
    expect((await bund(['keys', 'rotate', '--reason', 'test', '--data-dir', dir])).code).toBe(0)
    const after = await checkpointOf()
    expect(after.keyId).not.toBe(before.keyId)
    expect([after.id, after.note.split('\n')[0]]).toEqual([before.id, `bund/${before.id}`])
    // Each checkpoint verifies under the one origin with the key that signed it (the old one from the history).
    const store = await openStore(dir, { readOnly: true })
    const keys = await store.publicKeys()
    const pem = (keyId: string) => keys.find((k) => k.keyId === keyId)!.publicKey
    const size = tlog.openCheckpoint(before.note, `bund/${before.id}`, pem(before.keyId)).size
    // One more entry: key.rotated.
    expect(tlog.openCheckpoint(after.note, `bund/${before.id}`, pem(after.keyId)).size).toBe(size + 1)
    expect(() => tlog.openCheckpoint(after.note, `bund/${before.id}`, pem(before.keyId))).toThrow(/no signature/)
    await store.close()
  })

  it('a data dir from before instance ids keeps the origin its key gave the log, through later rotations', async () => {
    const { dir } = await signedStore(1)
    rmSync(join(dir, 'keys', 'instance-id'))
    const keyId = JSON.parse((await bund(['keys', '--json', '--data-dir', dir])).stdout).keyId as string
    // A read-only open derives it without writing; the first writable open keeps it.
    const ro = await openStore(dir, { readOnly: true })
    expect(ro.instanceId()).toBe(keyId.slice(0, 32))
    // The checkpoint the code before instance ids served: origin from the key, signed by it.
    const tree = await ro.logHashes()
    const privateKey = createPrivateKey(readFileSync(join(dir, KEY)))
    const legacyOrigin = `bund/${keyId.slice(0, 32)}`
    const legacyNote = tlog.signNote(tlog.checkpointBody({ origin: legacyOrigin, size: tree.size, root: await tlog.withStoredHashes(tree, (t) => tlog.rootAt(t, t.size)) }), legacyOrigin, createPublicKey(privateKey), (m) => sign(null, m, privateKey))
    const oldPublicKey = readFileSync(join(dir, PUB), 'utf8')
    await ro.close()
    expect(existsSync(join(dir, 'keys', 'instance-id'))).toBe(false)
    // doctor says what the next start will name the log, and how to keep an id this directory had.
    const doctor = JSON.parse((await bund(['doctor', '--json', '--data-dir', dir])).stdout) as { findings: Array<{ level: string; message: string }> }
    expect(doctor.findings).toContainEqual({ level: 'warn', message: expect.stringMatching(new RegExp(`instance-id is missing: the next start names the log ${legacyOrigin}.*restore`)) })
    expect((await bund(['keys', 'rotate', '--reason', 'test', '--data-dir', dir])).code).toBe(0)
    const after = JSON.parse((await bund(['doctor', '--json', '--data-dir', dir])).stdout) as { findings: Array<{ level: string; message: string }> }
    expect(after.findings).toContainEqual({ level: 'ok', message: `instance id ${keyId.slice(0, 32)}: the transparency log is ${legacyOrigin}` })
    expect(readFileSync(join(dir, 'keys', 'instance-id'), 'utf8').trim()).toBe(keyId.slice(0, 32))
    const store = await openStore(dir)
    expect(store.instanceId()).toBe(keyId.slice(0, 32))
    await store.close()
    // It is still a checkpoint of this log, verifying with the (now retired) key that signed it.
    expect(tlog.openCheckpoint(legacyNote, `bund/${store.instanceId()}`, oldPublicKey).size).toBe(tree.size)
  })

  it('a rotation cut short before it was recorded is dropped; the old key stays current', async () => {
    const { dir } = await signedStore(1)
    const pub = readFileSync(join(dir, PUB), 'utf8')
    // What prepareRotation leaves when the process dies before the audit entry is written.
    const { prepareRotation } = await import('../../core/dist/store/signing.js')
    prepareRotation(dir)
    const store = await openStore(dir)
    expect((await store.publicKey())).toBe(pub)
    await store.close()
    expect(existsSync(join(dir, `${KEY}.next`))).toBe(false)
  })
})

function chownRecursive(path: string, uid: number): void {
  chownSync(path, uid, uid)
  try {
    for (const f of readdirSync(path)) chownRecursive(join(path, f), uid)
  } catch {}
}

/** Runs a snippet of ESM as another user, from the repository root; returns its stdout. */
async function runAs(uid: number, code: string): Promise<string> {
  const { execFileSync } = await import('node:child_process')
  const { ROOT } = await import('../helpers/cli.js')
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, uid, gid: uid, encoding: 'utf8' }).trim()
}
