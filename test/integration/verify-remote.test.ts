/**
 * `bund verify <url>` as an outside reader runs it: a real `bund serve` on 127.0.0.1, the reader in a
 * fresh empty folder with no data dir. Between them a proxy that tampers with one answer at a time
 * (publication, artifact, bundle, proof, checkpoint, key; a forked or shrunk log signed with the real
 * key, as a dishonest operator could; a redirect to another host): each is caught with its own code,
 * and nothing is written but the remembered checkpoint after a clean pass.
 */
import type { ChildProcess } from 'node:child_process'
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { join } from 'node:path'
import { loadScenarioDir, openStore, runScenario, sha256, signedBytes, tlog, WorkerPool, workerEntry } from '@bund/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, bund, serveDataDir, tempDir } from '../helpers/cli.js'
import { CREDIT_SCORING, TEST_RULES } from '../helpers/http.js'

/** How the proxy changes the real server's answer for a path (undefined: passes it through). */
type Tamper = (path: string, body: Buffer, headers: Record<string, string>) => { status?: number; body?: Buffer; headers?: Record<string, string> } | undefined

let dataDir: string
let server: ChildProcess
let upstream: string
let proxy: Server
let proxyUrl: string
let tamper: Tamper | undefined
let publicId: string
let sealedId: string

beforeAll(async () => {
  dataDir = tempDir('bund-verify-server-')
  const store = await openStore(dataDir)
  const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
  try {
    const scenario = loadScenarioDir(CREDIT_SCORING)
    const open = await runScenario(store, pool, { scenario, seed: 7, rulePacks: TEST_RULES, actor: 'test' })
    // The same scenario with its author's seal: published, but its bundle and manifest stay private.
    const sealed = await runScenario(store, pool, { scenario: { ...scenario, manifest: { ...scenario.manifest, sealed: true } }, seed: 8, rulePacks: TEST_RULES, actor: 'test' })
    publicId = open.publicationId as string
    sealedId = sealed.publicationId as string
    expect(publicId).toMatch(/^pub_/)
    expect(sealedId).toMatch(/^pub_/)
  } finally {
    await pool.close()
    await store.close()
  }
  ;({ url: upstream, server } = await serveDataDir(dataDir))
  proxy = createServer(async (req, res) => {
    const path = req.url ?? '/'
    const answer = await fetch(`${upstream}${path}`, { redirect: 'manual' })
    const headers: Record<string, string> = {}
    answer.headers.forEach((v, k) => {
      if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding') headers[k] = v
    })
    let body: Buffer = Buffer.from(await answer.arrayBuffer())
    let status = answer.status
    const changed = tamper?.(path, body, headers)
    if (changed) {
      body = changed.body ?? body
      status = changed.status ?? status
      Object.assign(headers, changed.headers ?? {})
    }
    res.writeHead(status, headers).end(body)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`
}, 120_000)

afterAll(async () => {
  proxy?.close()
  server?.kill('SIGTERM')
  if (server) await new Promise((resolve) => server.once('exit', resolve))
})

/** `bund verify` from a fresh empty folder; returns the result and what the folder holds afterwards. */
async function verify(url: string, extra: string[] = [], reader = tempDir('bund-reader-')) {
  const r = await bund(['verify', url, '--json', ...extra], { cwd: reader, timeoutMs: 120_000 })
  const json = r.stdout.trim() === '' ? undefined : (JSON.parse(r.stdout) as { ok: boolean; checks: { check: string; status: string; code?: string; detail: string }[] })
  return { ...r, json, files: readdirSync(reader), reader }
}

const failed = (json: { checks: { status: string; code?: string; check: string }[] } | undefined) => json?.checks.filter((c) => c.status === 'fail').map((c) => `${c.check}:${c.code}`)
const pubPath = (id: string) => `/api/v1/publications/${id}`

/** The log's origin line, read from the first checkpoint a test remembered. */
let currentOrigin = ''

/** A checkpoint signed with the server's own key: what a dishonest operator could serve. */
function forgedCheckpoint(size: number, root: Buffer): string {
  const privateKey = createPrivateKey(readFileSync(join(dataDir, 'keys', 'publication-signing.key')))
  const publicKey = createPublicKey(privateKey)
  const origin = currentOrigin
  return tlog.signNote(tlog.checkpointBody({ origin, size, root }), origin, publicKey, (m) => sign(null, m, privateKey))
}

describe('bund verify <url>, from an empty folder against a real server', () => {
  it('checks signature, id, artifact, checkpoint, inclusion, consistency, attestation and the re-run, and prints each', async () => {
    tamper = undefined
    const reader = tempDir('bund-reader-')
    const r = await bund(['verify', `${upstream}${pubPath(publicId)}`, '--rerun', '--checkpoint', 'log.checkpoint'], { cwd: reader, timeoutMs: 120_000 })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^VERIFIED {2}pub_/)
    for (const check of ['key', 'signature', 'id', 'artifact:output', 'checkpoint', 'inclusion', 'consistency', 'attestation', 'bundle', 'rerun']) {
      expect(r.stdout).toMatch(new RegExp(`\\n {2}ok {4}${check.replace(':', '\\:')} `))
    }
    expect(r.stdout).toMatch(/output hash matches/)
    // Nothing written but the remembered checkpoint, and no data dir made.
    expect(readdirSync(reader)).toEqual(['log.checkpoint'])
    const note = readFileSync(join(reader, 'log.checkpoint'), 'utf8')
    currentOrigin = note.split('\n')[0] as string
    expect(currentOrigin).toMatch(/^bund\/[0-9a-f]{32}$/)

    // A second look, with the key pinned from the server's JSON answer and the checkpoint remembered.
    writeFileSync(join(reader, 'key.json'), await (await fetch(`${upstream}/api/v1/public-key`)).text())
    const again = await verify(`${upstream}${pubPath(publicId)}`, ['--key', 'key.json', '--checkpoint', 'log.checkpoint'], reader)
    expect(again.code).toBe(0)
    expect(again.json?.checks.find((c) => c.check === 'consistency')?.detail).toMatch(/same tree/)
  }, 180_000)

  it('a sealed scenario: --rerun says so plainly and every other check still runs', async () => {
    tamper = undefined
    const r = await verify(`${upstream}${pubPath(sealedId)}`, ['--rerun'])
    expect(r.json?.checks.find((c) => c.check === 'rerun')).toMatchObject({ status: 'skip', code: 'SCENARIO_SEALED' })
    expect(r.json?.checks.filter((c) => c.status === 'ok').map((c) => c.check)).toEqual(expect.arrayContaining(['signature', 'id', 'artifact:output', 'checkpoint', 'inclusion', 'attestation']))
    expect(failed(r.json)).toEqual([])
    const bundle = await fetch(`${upstream}${pubPath(sealedId)}/rerun`).then((x) => x.json() as Promise<{ sealed: boolean; bundle: { sha256: string; url: string | null } }>)
    expect(bundle).toMatchObject({ sealed: true, bundle: { url: null } })
    const refused = await fetch(`${upstream}${pubPath(sealedId)}/bundle/${bundle.bundle.sha256}`)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'SCENARIO_SEALED' })
  }, 60_000)
})

describe('every tamper is caught with its own code, and nothing is written', () => {
  const flipJson = (mutate: (v: Record<string, unknown>) => void): Tamper => (_p, body) => {
    const value = JSON.parse(body.toString('utf8')) as Record<string, unknown>
    mutate(value)
    return { body: Buffer.from(JSON.stringify(value)) }
  }
  const only = (suffix: string | RegExp, t: Tamper): Tamper => (path, body, headers) => ((typeof suffix === 'string' ? path.split('?')[0]?.endsWith(suffix) : suffix.test(path)) ? t(path, body, headers) : undefined)

  const cases: { name: string; tamper: () => Tamper; extra?: () => string[]; code: string; check: string }[] = [
    { name: 'a changed publication', tamper: () => only(pubPath(publicId), flipJson((p) => (p.seed = 8))), code: 'PUBLICATION_TAMPERED', check: 'signature' },
    { name: 'a changed artifact', tamper: () => only('/artifact', (_p, b) => ({ body: Buffer.concat([b, Buffer.from(' ')]) })), code: 'ARTIFACT_TAMPERED', check: 'artifact:output' },
    { name: 'a changed bundle', tamper: () => only(/\/bundle\/[0-9a-f]{64}$/, (_p, b) => ({ body: Buffer.from(`${b.toString('utf8')}\n;globalThis.x=1`) })), extra: () => ['--rerun'], code: 'BUNDLE_TAMPERED', check: 'bundle' },
    {
      name: 'a changed inclusion proof',
      tamper: () =>
        only('/inclusion', flipJson((v) => {
          const entry = (v.entries as { proof: string[] }[])[0] as { proof: string[] }
          entry.proof[0] = Buffer.alloc(32, 7).toString('base64')
        })),
      code: 'PROOF_INVALID',
      check: 'inclusion',
    },
    { name: 'a changed checkpoint', tamper: () => only('/log/checkpoint', (_p, b) => ({ body: Buffer.from(b.toString('utf8').replace(/\n(\d+)\n/, (_m, n) => `\n${Number(n) + 1}\n`)) })), code: 'CHECKPOINT_INVALID', check: 'checkpoint' },
    {
      name: 'a publication re-signed with a key the instance never had',
      tamper: () =>
        only(pubPath(publicId), flipJson((p) => {
          const stranger = generateKeyPairSync('ed25519')
          const der = stranger.publicKey.export({ type: 'spki', format: 'der' })
          p.keyId = sha256(der)
          delete p.signature
          p.signature = sign(null, Buffer.from(signedBytes(p as never)), stranger.privateKey).toString('base64')
        })),
      code: 'KEY_UNKNOWN',
      check: 'signature',
    },
    { name: 'another key served', tamper: () => only('/public-key', () => ({ body: Buffer.from(JSON.stringify({ publicKey: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) })) })), code: 'KEY_MISMATCH', check: 'signature' },
  ]

  for (const c of cases) {
    it(`${c.name}: ${c.code}`, async () => {
      tamper = c.tamper()
      const r = await verify(`${proxyUrl}${pubPath(publicId)}`, c.extra?.() ?? [])
      expect(r.code, r.stderr).toBe(1)
      expect(failed(r.json)).toContain(`${c.check}:${c.code}`)
      expect(r.files).toEqual([])
    }, 120_000)
  }

  it('a pinned key that is not the server’s: KEY_MISMATCH, and a key file that is not a key: KEY_INVALID without OpenSSL text', async () => {
    tamper = undefined
    const reader = tempDir('bund-reader-')
    writeFileSync(join(reader, 'other.pem'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string)
    const r = await verify(`${proxyUrl}${pubPath(publicId)}`, ['--key', 'other.pem'], reader)
    expect(r.code).toBe(1)
    expect(failed(r.json)).toEqual(expect.arrayContaining(['key:KEY_MISMATCH', 'signature:KEY_MISMATCH']))
    writeFileSync(join(reader, 'bad.pem'), '-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----\n')
    const bad = await verify(`${proxyUrl}${pubPath(publicId)}`, ['--key', 'bad.pem'], reader)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^bund: KEY_INVALID: bad\.pem holds a PEM block that is not a valid public key\n$/)
    expect(bad.stderr).not.toMatch(/error:|routines|DECODER/)
    expect(readdirSync(reader).sort()).toEqual(['bad.pem', 'other.pem'])
  }, 120_000)

  it('a forked log (same size, another root) and a shrunk log are caught by --checkpoint, which is then left as it was', async () => {
    tamper = undefined
    const reader = tempDir('bund-reader-')
    const first = await verify(`${proxyUrl}${pubPath(publicId)}`, ['--checkpoint', 'cp'], reader)
    expect(first.code).toBe(0)
    const remembered = readFileSync(join(reader, 'cp'), 'utf8')
    currentOrigin = remembered.split('\n')[0] as string
    const size = Number(remembered.split('\n')[1])

    tamper = only('/log/checkpoint', () => ({ body: Buffer.from(forgedCheckpoint(size, Buffer.alloc(32, 1))) }))
    const forked = await verify(`${proxyUrl}${pubPath(publicId)}`, ['--checkpoint', 'cp'], reader)
    expect(failed(forked.json)).toContain('consistency:LOG_FORKED')
    expect(forked.code).toBe(1)

    tamper = only('/log/checkpoint', () => ({ body: Buffer.from(forgedCheckpoint(size - 1, Buffer.alloc(32, 2))) }))
    const shrunk = await verify(`${proxyUrl}${pubPath(publicId)}`, ['--checkpoint', 'cp'], reader)
    expect(failed(shrunk.json)).toContain('consistency:LOG_SHRUNK')

    // A bigger tree that does not extend the remembered one: no consistency proof can exist.
    tamper = only('/log/checkpoint', () => ({ body: Buffer.from(forgedCheckpoint(size + 1, Buffer.alloc(32, 3))) }))
    const rewritten = await verify(`${proxyUrl}${pubPath(publicId)}`, ['--checkpoint', 'cp'], reader)
    expect(failed(rewritten.json)).toContain('consistency:LOG_FORKED')
    expect(readFileSync(join(reader, 'cp'), 'utf8')).toBe(remembered)
    expect(readdirSync(reader)).toEqual(['cp'])
  }, 180_000)

  it('an unreachable URL, a redirect to another host, and a URL that is not http(s) fail with one line each', async () => {
    tamper = undefined
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const deadPort = (closed.address() as { port: number }).port
    await new Promise((resolve) => closed.close(resolve))
    const unreachable = await verify(`http://127.0.0.1:${deadPort}${pubPath(publicId)}`)
    expect(unreachable.code).toBe(2)
    expect(unreachable.stderr).toMatch(/^bund: FETCH_FAILED: [^\n]+ is unreachable[^\n]*\n$/)

    tamper = only(pubPath(publicId), () => ({ status: 302, body: Buffer.alloc(0), headers: { location: `http://localhost:${new URL(upstream).port}${pubPath(publicId)}` } }))
    const redirected = await verify(`${proxyUrl}${pubPath(publicId)}`)
    expect(redirected.code).toBe(2)
    expect(redirected.stderr).toMatch(/^bund: REDIRECT_REFUSED: [^\n]+\n$/)

    const file = await verify(`file:///etc/passwd`)
    expect(file.code).toBe(2)
    expect(file.stderr).toMatch(/^bund: USAGE: /)
    for (const r of [unreachable, redirected, file]) expect(r.files).toEqual([])
  }, 60_000)
})

describe("the README's worked example", () => {
  it('verifies the in-toto attestation with the documented node + openssl steps', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('### Check the attestation yourself'))
    const script = /```sh\n([\s\S]*?)```/.exec(section)?.[1] as string
    expect(script).toMatch(/^URL=/)
    const dir = tempDir('bund-dsse-')
    const run = script.replace(/^URL=.*$/m, `URL=${upstream}${pubPath(publicId)}`)
    const { execFileSync } = await import('node:child_process')
    const out = execFileSync('bash', ['-euo', 'pipefail', '-c', run], { cwd: dir, encoding: 'utf8' })
    expect(out).toMatch(/Signature Verified Successfully/)
    const digests = out.match(/\b[0-9a-f]{64}\b/g)
    expect(digests).toHaveLength(2)
    expect(digests?.[0]).toBe(digests?.[1])
    // A changed statement no longer verifies.
    const envelope = JSON.parse(readFileSync(join(dir, 'envelope.json'), 'utf8'))
    envelope.payload = Buffer.from(Buffer.from(envelope.payload, 'base64').toString('utf8').replace('"seed":7', '"seed":8')).toString('base64')
    writeFileSync(join(dir, 'envelope.json'), JSON.stringify(envelope))
    const steps = run.split('\n').filter((l) => !l.startsWith('curl') && !l.startsWith('URL='))
    expect(() => execFileSync('bash', ['-euo', 'pipefail', '-c', steps.join('\n')], { cwd: dir, encoding: 'utf8', stdio: 'pipe' })).toThrow(/Signature Verification Failure|failed/i)
  }, 60_000)
})

describe('bund run beside a server', () => {
  it('says STORE_LOCKED for a scenario id, not SCENARIO_NOT_FOUND', async () => {
    const r = await bund(['run', 'bund/credit-scoring', '--seed', '7', '--data-dir', dataDir])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bund: STORE_LOCKED: /)
    expect(existsSync(join(dataDir, 'lock'))).toBe(true)
  }, 60_000)
})
