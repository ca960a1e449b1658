/**
 * Author signatures end to end: keys made with `bund keygen`, a built scenario signed with
 * `bund sign`, the author's key registered with `bund author add-key`, and the upload gate
 * `checkAuthorSignature` refusing what a server must refuse.
 */
import { cpSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Manifest, type Store, checkAuthorSignature, isBundError, loadScenarioDir, openStore, signScenario, generateAuthorKeyPair } from '@bund/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, bund, fixture, tempDir } from '../helpers/cli.js'

/** The error a call throws, for asserting its code and message. */
async function thrown(fn: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await fn()
  } catch (e) {
    if (isBundError(e)) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected a BundError, nothing was thrown')
}

describe('author keys and signatures', () => {
  const work = tempDir('bund-author-sig-')
  const scenarioDir = join(work, 'echo-random')
  const keysDir = join(work, 'keys')
  const dataDir = join(work, 'data')
  let store: Store
  let manifest: Manifest
  let bundle: string

  beforeAll(async () => {
    // A built scenario of the org `fixture`, copied so that signing writes into a temp dir.
    cpSync(join(fixture('echo-random'), 'dist'), join(scenarioDir, 'dist'), { recursive: true })
    const loaded = loadScenarioDir(scenarioDir)
    manifest = loaded.manifest
    bundle = loaded.bundle
  })

  afterAll(async () => {
    await store?.close()
  })

  it('bund keygen writes an ed25519 pair with the private key readable by its owner only', async () => {
    const r = await bund(['keygen', '--out', keysDir])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(statSync(join(keysDir, 'bund-author.key')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(keysDir, 'bund-author.key'), 'utf8')).toContain('BEGIN PRIVATE KEY')
    expect(readFileSync(join(keysDir, 'bund-author.pub'), 'utf8')).toContain('BEGIN PUBLIC KEY')
    expect(r.stdout).toMatch(/key id\s+[0-9a-f]{64}/)
    // A second keygen never silently replaces a key an author may already have registered.
    const again = await bund(['keygen', '--out', keysDir])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/^bund: USAGE: .*bund-author\.key already exists/)
  })

  it('bund sign writes dist/bundle.sig over the bundle hash and the manifest identity; a public key cannot sign', async () => {
    const r = await bund(['sign', scenarioDir, '--key', join(keysDir, 'bund-author.key')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const sig = JSON.parse(readFileSync(join(scenarioDir, 'dist', 'bundle.sig'), 'utf8')) as Record<string, string>
    expect(sig).toMatchObject({ format: 'bund-signature/1', id: 'fixture/echo-random', version: '1.0.0', org: 'fixture', bundleSha256: manifest.bundle.sha256 })
    const withPub = await bund(['sign', scenarioDir, '--key', join(keysDir, 'bund-author.pub')])
    expect(withPub.code).toBe(2)
    expect(withPub.stderr).toMatch(/^bund: KEY_INVALID: .*public key; sign with the private key/)
  })

  it('an org without a registered key may upload unsigned; once its key is registered, unsigned uploads are refused', async () => {
    // Registered through the CLI, as an operator would, then read back through the Store.
    const r = await bund(['author', 'add-key', '--org', 'fixture', '--key', join(keysDir, 'bund-author.pub'), '--data-dir', dataDir])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    store = await openStore(dataDir)
    expect(await checkAuthorSignature(store, { ...manifest, id: 'other/echo-random' }, bundle)).toEqual({ status: 'unregistered', org: 'other' })
    const missing = await thrown(() => checkAuthorSignature(store, manifest, bundle, undefined))
    expect(missing.code).toBe('SIGNATURE_MISSING')
    expect(missing.message).toContain('fixture has a registered signing key')
    // What to do, in the commands an author has: sign, then submit again.
    expect(missing.message).toMatch(/run bund sign --key <your \.key file>, then upload again \(bund submit sends dist\/bundle\.sig with the bundle\)$/)
  })

  it('accepts the bundle signed with the registered key', async () => {
    const sig = readFileSync(join(scenarioDir, 'dist', 'bundle.sig'), 'utf8')
    const check = await checkAuthorSignature(store, manifest, bundle, sig)
    expect(check).toMatchObject({ status: 'verified', org: 'fixture' })
  })

  it('refuses a bundle signed by the wrong key, naming both keys', async () => {
    const intruder = generateAuthorKeyPair()
    const forged = signScenario(manifest, bundle, intruder.privateKey)
    const e = await thrown(() => checkAuthorSignature(store, manifest, bundle, JSON.stringify(forged)))
    expect(e.code).toBe('SIGNATURE_INVALID')
    expect(e.message).toContain(`signed with key ${intruder.keyId.slice(0, 12)}`)
    expect(e.message).toContain('the key registered for fixture')
  })

  it('refuses a signature whose key id was rewritten to the registered one (the ed25519 check itself fails)', async () => {
    const registeredKeyId = (JSON.parse(readFileSync(join(scenarioDir, 'dist', 'bundle.sig'), 'utf8')) as { keyId: string }).keyId
    const forged = { ...signScenario(manifest, bundle, generateAuthorKeyPair().privateKey), keyId: registeredKeyId }
    const e = await thrown(() => checkAuthorSignature(store, manifest, bundle, forged))
    expect(e.code).toBe('SIGNATURE_INVALID')
    expect(e.message).toContain('the signature does not verify')
  })

  it('refuses a genuine signature once the bundle or the manifest changed', async () => {
    const sig = readFileSync(join(scenarioDir, 'dist', 'bundle.sig'), 'utf8')
    const changedBundle = await thrown(() => checkAuthorSignature(store, manifest, `${bundle}\n;globalThis.x = 1`, sig))
    expect(changedBundle.code).toBe('SIGNATURE_INVALID')
    expect(changedBundle.message).toContain('covers bundle sha256')
    // Same bundle, but the manifest now asks for ten times the wall time: the signature does not cover that.
    const changedManifest = await thrown(() => checkAuthorSignature(store, { ...manifest, limits: { wallMs: 100_000 } }, bundle, sig))
    expect(changedManifest.code).toBe('SIGNATURE_INVALID')
    expect(changedManifest.message).toContain('another manifest')
    const otherVersion = await thrown(() => checkAuthorSignature(store, { ...manifest, version: '1.0.1' }, bundle, sig))
    expect(otherVersion.code).toBe('SIGNATURE_INVALID')
    expect(otherVersion.message).toContain('the signature is for fixture/echo-random@1.0.0')
  })

  it('refuses a malformed signature file with a clear message', async () => {
    for (const text of ['not json', '{"format":"bund-signature/1"}', JSON.stringify({ hello: 'world' })]) {
      const e = await thrown(() => checkAuthorSignature(store, manifest, bundle, text))
      expect(e.code, text).toBe('SIGNATURE_INVALID')
      expect(e.message, text).toMatch(/bundle\.sig: (not valid JSON|not a Bund signature file)/)
    }
  })

  it('bund build removes a signature the new bundle no longer matches', async () => {
    const dir = join(work, 'resign')
    cpSync(fixture('echo-random'), dir, { recursive: true })
    // Outside the repository, @bund/sdk resolves through node_modules, as after npm install.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
    // Built here first: esbuild's path comments make a bundle depend on where it was built.
    expect((await bund(['build', dir])).code).toBe(0)
    const signed = await bund(['sign', dir, '--key', join(keysDir, 'bund-author.key')])
    expect(signed.code).toBe(0)
    // An unchanged rebuild keeps the signature; a changed one drops it, so it is signed again.
    const same = await bund(['build', dir])
    expect(same.code).toBe(0)
    expect(same.stdout).not.toContain('removed')
    expect(() => statSync(join(dir, 'dist', 'bundle.sig'))).not.toThrow()
    const src = join(dir, 'src', 'index.ts')
    writeFileSync(src, readFileSync(src, 'utf8').replace("title: 'Seeded randomness'", "title: 'Seeded randomness, again'"))
    const rebuilt = await bund(['build', dir])
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stdout).toContain('removed dist/bundle.sig')
    expect(() => statSync(join(dir, 'dist', 'bundle.sig'))).toThrow()
  })

  it('bund run says whether a local build would pass the upload gate of its store', async () => {
    const runData = join(work, 'run-data')
    expect((await bund(['author', 'add-key', '--org', 'fixture', '--key', join(keysDir, 'bund-author.pub'), '--data-dir', runData])).code).toBe(0)
    const signed = await bund(['run', scenarioDir, '--json', '--data-dir', runData])
    expect(JSON.parse(signed.stdout).signature).toMatchObject({ status: 'verified' })
    // The rebuilt copy lost its signature: an upload would be refused, and the report says so.
    const unsigned = await bund(['run', join(work, 'resign'), '--data-dir', runData])
    expect(unsigned.stdout).toMatch(/signature {4}missing: SIGNATURE_MISSING: .*fixture has a registered signing key/)
  })
})
