/**
 * Verifying across a key rotation, as an outside reader does (issue 19): a real `bund serve` on
 * 127.0.0.1, the reader in an empty folder. A publication signed before `bund keys rotate` still
 * verifies — from its URL, from its downloaded evidence file offline, and on the dashboard — with the
 * retired key from the key history; the log keeps its origin, so the checkpoint remembered before the
 * rotation is proved consistent with the one after. A publication signed by a key the instance never
 * had fails with KEY_UNKNOWN, everywhere.
 */
import type { ChildProcess } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Publication, openStore, signedBytes } from '@bund/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bund, serveDataDir, tempDir } from '../helpers/cli.js'
import { publish } from '../helpers/store-records.js'

type Check = { check: string; status: string; code?: string; detail: string }
type Result = { ok: boolean; checks: Check[] }

let dataDir: string
let server: ChildProcess | undefined
let url = ''
let before: Publication
let after: Publication
let forged: Publication
const reader = tempDir('bund-reader-')

async function serve(): Promise<void> {
  ;({ url, server } = await serveDataDir(dataDir))
}

async function stop(): Promise<void> {
  const s = server
  if (s === undefined || s.exitCode !== null) return
  await new Promise<void>((resolve) => {
    s.once('exit', () => resolve())
    s.kill('SIGTERM')
  })
  server = undefined
}

async function verify(args: string[]): Promise<{ code: number; result: Result; stderr: string }> {
  const r = await bund(['verify', ...args, '--json'], { cwd: reader, timeoutMs: 60_000 })
  return { code: r.code, result: (r.stdout.trim() === '' ? { ok: false, checks: [] } : JSON.parse(r.stdout)) as Result, stderr: r.stderr }
}

const byCheck = (r: Result, check: string) => r.checks.find((c) => c.check === check)
const failed = (r: Result) => r.checks.filter((c) => c.status === 'fail').map((c) => `${c.check}:${c.code}`)
const download = async (path: string, file: string) => writeFileSync(join(reader, file), Buffer.from(await (await fetch(`${url}${path}`)).arrayBuffer()))

beforeAll(async () => {
  dataDir = tempDir('bund-rotation-')
  const store = await openStore(dataDir)
  before = await publish(store, 1)
  await store.close()
  await serve()
  // The reader's first look, before the rotation: it remembers the checkpoint and keeps the evidence.
  const first = await verify([`${url}/api/v1/publications/${before.id}`, '--checkpoint', 'log.checkpoint'])
  expect(first.code, JSON.stringify(first.result)).toBe(0)
  await download(`/api/v1/publications/${before.id}/evidence`, 'before-rotation.evidence.json')
  await stop()
  const rotated = await bund(['keys', 'rotate', '--reason', 'annual rotation', '--data-dir', dataDir])
  expect(rotated.code, rotated.stderr).toBe(0)
  const again = await openStore(dataDir)
  after = await publish(again, 2)
  await again.close()
  // What a forger makes: a real publication re-signed with a key this instance never had (its id
  // does not cover the key or the signature, so only the key tells).
  const stranger = generateKeyPairSync('ed25519')
  const { keyIdOf } = await import('../../core/dist/kernel/index.js')
  const strangerId = keyIdOf(stranger.publicKey.export({ type: 'spki', format: 'pem' }) as string)
  const unsigned = { ...before, keyId: strangerId }
  forged = { ...unsigned, signature: sign(null, Buffer.from(signedBytes(unsigned)), stranger.privateKey).toString('base64') }
  await serve()
}, 120_000)

afterAll(async () => {
  await stop()
})

describe('after bund keys rotate', () => {
  it('a publication signed before the rotation verifies from its URL with the retired key; the log kept its origin and is proved consistent', async () => {
    const r = await verify([`${url}/api/v1/publications/${before.id}`, '--checkpoint', 'log.checkpoint'])
    expect(r.code, JSON.stringify(r.result)).toBe(0)
    expect(byCheck(r.result, 'signature')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/retired by a rotation/) })
    expect(byCheck(r.result, 'checkpoint')?.status).toBe('ok')
    expect(byCheck(r.result, 'inclusion')?.status).toBe('ok')
    expect(byCheck(r.result, 'attestation')?.status).toBe('ok')
    // The checkpoint remembered before the rotation (signed with the old key) is extended by this one.
    expect(byCheck(r.result, 'consistency')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/extends the \d+-entry one remembered/) })
    expect(before.keyId).not.toBe(after.keyId)
    const later = await verify([`${url}/api/v1/publications/${after.id}`, '--checkpoint', 'log.checkpoint'])
    expect(later.code, JSON.stringify(later.result)).toBe(0)
  }, 120_000)

  it('its evidence file verifies offline (no server, no data dir), before and after the rotation, with the artifact', async () => {
    await download(`/api/v1/publications/${before.id}/evidence`, 'after-rotation.evidence.json')
    await download(`/api/v1/publications/${before.id}/artifact`, 'output.json')
    await stop()
    try {
      for (const file of ['before-rotation.evidence.json', 'after-rotation.evidence.json']) {
        const r = await verify([file, '--artifact', 'output.json'])
        expect(r.code, `${file}: ${JSON.stringify(r.result)}${r.stderr}`).toBe(0)
        for (const check of ['key', 'signature', 'id', 'artifact:output', 'checkpoint', 'inclusion', 'attestation']) expect(byCheck(r.result, check)?.status, `${file} ${check}`).toBe('ok')
      }
      // Without the artifact: that check is skipped, saying where to get it; the rest still pass.
      const bare = await verify(['after-rotation.evidence.json'])
      expect(bare.code).toBe(0)
      expect(byCheck(bare.result, 'artifact:output')).toMatchObject({ status: 'skip', detail: expect.stringContaining(`/api/v1/publications/${before.id}/artifact`) })
      // A changed artifact, publication or proof in the file: each caught with its code.
      writeFileSync(join(reader, 'changed-output.json'), `${readFileSync(join(reader, 'output.json'), 'utf8')} `)
      expect(failed((await verify(['after-rotation.evidence.json', '--artifact', 'changed-output.json'])).result)).toEqual(['artifact:output:ARTIFACT_TAMPERED'])
      const evidence = JSON.parse(readFileSync(join(reader, 'after-rotation.evidence.json'), 'utf8'))
      writeFileSync(join(reader, 'changed-seed.json'), JSON.stringify({ ...evidence, publication: { ...evidence.publication, seed: 99 } }))
      expect(failed((await verify(['changed-seed.json'])).result)).toEqual(expect.arrayContaining(['signature:PUBLICATION_TAMPERED']))
      const proof = structuredClone(evidence)
      proof.log.inclusion.entries[0].proof[0] = Buffer.alloc(32, 7).toString('base64')
      writeFileSync(join(reader, 'changed-proof.json'), JSON.stringify(proof))
      expect(failed((await verify(['changed-proof.json'])).result)).toEqual(['inclusion:PROOF_INVALID'])
      const note = structuredClone(evidence)
      note.log.checkpoint = note.log.checkpoint.replace(/\n(\d+)\n/, (_m: string, n: string) => `\n${Number(n) + 1}\n`)
      writeFileSync(join(reader, 'changed-checkpoint.json'), JSON.stringify(note))
      expect(failed((await verify(['changed-checkpoint.json'])).result)).toEqual(['checkpoint:CHECKPOINT_INVALID'])
      writeFileSync(join(reader, 'not-evidence.json'), JSON.stringify({ format: 'bund-evidence/1', publication: {} }))
      const malformed = await bund(['verify', 'not-evidence.json'], { cwd: reader })
      expect(malformed.code).toBe(2)
      expect(malformed.stderr).toMatch(/^bund: EVIDENCE_INVALID: not-evidence\.json is not a bund-evidence\/1 document/)
    } finally {
      await serve()
    }
  }, 180_000)

  it('pinning: the key history (GET /public-keys) verifies the old publication; a pinned single current key does not (KEY_MISMATCH)', async () => {
    await download('/api/v1/public-keys', 'keys.json')
    await download('/api/v1/public-key', 'current.json')
    const withHistory = await verify([`${url}/api/v1/publications/${before.id}`, '--key', 'keys.json'])
    expect(withHistory.code, JSON.stringify(withHistory.result)).toBe(0)
    expect(byCheck(withHistory.result, 'key')?.status).toBe('ok')
    const offline = await verify(['after-rotation.evidence.json', '--key', 'keys.json'])
    expect(offline.code).toBe(0)
    // A bare publication file, as served, checked against the pinned history (no store here: signature and id only).
    await download(`/api/v1/publications/${before.id}`, 'publication.json')
    const bare = await verify(['publication.json', '--key', 'keys.json'])
    expect(bare.code, JSON.stringify(bare.result)).toBe(0)
    expect(byCheck(bare.result, 'signature')?.status).toBe('ok')
    const single = await verify([`${url}/api/v1/publications/${before.id}`, '--key', 'current.json'])
    expect(single.code).toBe(1)
    expect(failed(single.result)).toEqual(['signature:KEY_MISMATCH'])
  }, 120_000)

  it('a publication signed by a key the instance never had fails with KEY_UNKNOWN (file and evidence)', async () => {
    const evidence = JSON.parse(readFileSync(join(reader, 'after-rotation.evidence.json'), 'utf8'))
    writeFileSync(join(reader, 'forged.evidence.json'), JSON.stringify({ ...evidence, publication: forged }))
    const r = await verify(['forged.evidence.json'])
    expect(r.code).toBe(1)
    expect(failed(r.result)).toEqual(expect.arrayContaining(['signature:KEY_UNKNOWN']))
    expect(byCheck(r.result, 'signature')?.detail).toMatch(/neither the instance's key .* nor in the instance's key history/)
    // A bare publication file checked against the key history: its signature does not verify.
    writeFileSync(join(reader, 'forged.json'), JSON.stringify(forged))
    const bare = await verify(['forged.json', '--key', 'keys.json'])
    expect(bare.code).toBe(1)
    expect(byCheck(bare.result, 'signature')?.status).toBe('fail')
    expect(readdirSync(reader)).not.toContain('.bund')
  }, 60_000)

  it('the dashboard shows the old publication’s instance signature as valid, checked with the retired key', async () => {
    const html = await (await fetch(`${url}/publications/${before.id}`)).text()
    expect(html).toMatch(/<span class="badge status-pass">Valid<\/span> ed25519 signature by key [0-9a-f]{16}…/)
    expect(html).toContain(before.keyId.slice(0, 16))
    // The verify block offers the evidence for offline checking.
    expect(html).toContain(`href="/api/v1/publications/${before.id}/evidence"`)
    // The forged one, served by a store that holds it instead: the badge says Not valid, and why.
    const { createDashboard } = await import('../../core/dist/http/dashboard/index.js')
    const store = await openStore(dataDir, { readOnly: true })
    try {
      const holding = new Proxy(store, {
        get(target, name) {
          if (name === 'getPublication') return (id: string) => (id === forged.id ? forged : target.getPublication(id))
          const value = Reflect.get(target, name, target) as unknown
          return typeof value === 'function' ? value.bind(target) : value
        },
      })
      const page = await (await createDashboard({ store: holding, pdf: false }).request(`/publications/${forged.id}`)).text()
      expect(page).toMatch(/<span class="badge status-fail">Not valid<\/span> it was signed with key [0-9a-f]{64}, not this instance/)
    } finally {
      await store.close()
    }
  }, 60_000)
})
