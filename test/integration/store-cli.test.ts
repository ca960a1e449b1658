import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT, bund, fixture, tempDir } from '../helpers/cli.js'

interface RunJson {
  status: string
  runId: string
  publicationId?: string
  outputHash: string | null
}

/** Publishes the echo-random fixture (deterministic, always passes) into `dataDir`. */
async function publish(dataDir: string, seed = 5): Promise<RunJson> {
  const r = await bund(['run', fixture('echo-random'), '--seed', String(seed), '--json', '--data-dir', dataDir])
  expect(r.code, r.stderr).toBe(0)
  const report = JSON.parse(r.stdout) as RunJson
  expect(report.publicationId).toMatch(/^pub_[0-9a-f]{32}$/)
  return report
}

/** Flips one byte of a file at `offset` (to another character of the same class, so JSON still parses). */
function flipByte(path: string, offset: number): void {
  const bytes = readFileSync(path)
  const c = String.fromCharCode(bytes[offset]!)
  bytes[offset] = (/[0-9a-f]/.test(c) ? (c === 'a' ? 'b' : 'a') : c === 'x' ? 'y' : 'x').charCodeAt(0)
  writeFileSync(path, bytes)
}

/** Offset of the first occurrence of `needle` after `after` in a file. */
function offsetOf(path: string, needle: string, after = ''): number {
  const text = readFileSync(path, 'latin1')
  const start = after === '' ? 0 : text.indexOf(after)
  const i = text.indexOf(needle, start)
  expect(i, `${needle} in ${path}`).toBeGreaterThanOrEqual(0)
  return i + needle.length
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

/** A separate process that opens the store (taking its lock) and holds it. */
async function holdStore(dataDir: string): Promise<ChildProcess> {
  const storeModule = join(ROOT, 'core', 'dist', 'store', 'index.js')
  const child = spawn(process.execPath, ['--input-type=module', '-e', `const { openStore } = await import(${JSON.stringify(storeModule)}); await openStore(${JSON.stringify(dataDir)}); console.log('ready'); setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)))
  })
  return child
}

describe('publication, provenance and the audit chain (CLI)', () => {
  it('bund run --json reports the publication; verify, audit verify and keys agree', async () => {
    const dataDir = tempDir()
    const report = await publish(dataDir)
    const verify = await bund(['verify', report.publicationId!, '--data-dir', dataDir])
    expect(verify.code, verify.stdout).toBe(0)
    expect(verify.stdout).toContain(`VERIFIED  ${report.publicationId}`)
    for (const check of ['signature', 'id', 'artifact:output', 'artifact:bundle', 'audit']) expect(verify.stdout).toMatch(new RegExp(`ok +${check} `))
    const audit = await bund(['audit', 'verify', '--data-dir', dataDir])
    expect(audit.code).toBe(0)
    expect(audit.stdout).toMatch(/OK {2}audit chain verifies: 4 entries/)
    const list = await bund(['audit', 'list', '--json', '--data-dir', dataDir])
    expect(list.stdout.trim().split('\n').map((l) => JSON.parse(l).action)).toEqual(['scenario.registered', 'run.started', 'run.finished', 'publication.published'])
    const keys = await bund(['keys', '--json', '--data-dir', dataDir])
    const db = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8'))
    expect(JSON.parse(keys.stdout).keyId).toBe(db.publications[0].keyId)
    expect(JSON.parse(keys.stdout).publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/)
  })

  it('verify --rerun re-executes the recorded bundle, seed and params and matches the output hash', async () => {
    const dataDir = tempDir()
    const report = await publish(dataDir, 9)
    const r = await bund(['verify', report.publicationId!, '--rerun', '--json', '--data-dir', dataDir])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const rerun = JSON.parse(r.stdout).checks.find((c: { check: string }) => c.check === 'rerun')
    expect(rerun).toMatchObject({ status: 'ok', detail: expect.stringMatching(/output hash matches/) })
  })

  it('verifies a publication given as a file, with the public key from bund keys', async () => {
    const dataDir = tempDir()
    const report = await publish(dataDir)
    const db = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8'))
    const elsewhere = tempDir()
    const file = join(elsewhere, 'publication.json')
    const key = join(elsewhere, 'bund.pub')
    writeFileSync(file, JSON.stringify(db.publications[0]))
    writeFileSync(key, JSON.parse((await bund(['keys', '--json', '--data-dir', dataDir])).stdout).publicKey)
    const ok = await bund(['verify', file, '--key', key, '--data-dir', elsewhere])
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/skip +audit +no store/)
    writeFileSync(file, JSON.stringify({ ...db.publications[0], seed: 6 }))
    const bad = await bund(['verify', file, '--key', key, '--data-dir', elsewhere])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/FAIL +signature +the ed25519 signature does not match the content/)
    expect(report.publicationId).toBe(db.publications[0].id)
  })

  it('release publishes a held run with its reason; withdraw marks a publication; both need --reason', async () => {
    const dataDir = tempDir()
    const held = JSON.parse((await bund(['run', fixture('unfair-credit'), '--json', '--data-dir', dataDir])).stdout) as RunJson
    expect(held.status).toBe('held')
    const noReason = await bund(['release', held.runId, '--data-dir', dataDir])
    expect(noReason.code).toBe(2)
    expect(noReason.stderr).toMatch(/bund: USAGE: release needs --reason/)
    const released = await bund(['release', held.runId, '--reason', 'Reviewed by the committee', '--json', '--data-dir', dataDir])
    expect(released.code, released.stderr).toBe(0)
    const pub = JSON.parse(released.stdout)
    expect(pub.releasedBy).toEqual({ by: 'cli', reason: 'Reviewed by the committee' })
    const again = await bund(['release', held.runId, '--reason', 'again', '--data-dir', dataDir])
    expect(again.stderr).toMatch(/bund: STATE_CONFLICT: run .* is published, not held: it is already published as pub_/)
    expect((await bund(['withdraw', pub.id, '--data-dir', dataDir])).stderr).toMatch(/USAGE: withdraw needs --reason/)
    expect((await bund(['withdraw', 'pub_0000', '--reason', 'x', '--data-dir', dataDir])).stderr).toMatch(/NOT_FOUND: no publication pub_0000/)
    const withdrawn = await bund(['withdraw', pub.id, '--reason', 'Wrong rule pack', '--data-dir', dataDir])
    expect(withdrawn.code).toBe(0)
    const verify = await bund(['verify', pub.id, '--data-dir', dataDir])
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(/WITHDRAWN .* by cli: Wrong rule pack/)
    const actions = (await bund(['audit', 'list', '--json', '--data-dir', dataDir])).stdout.trim().split('\n').map((l) => JSON.parse(l).action)
    expect(actions.slice(-3)).toEqual(['run.released', 'publication.published', 'publication.withdrawn'])
    expect((await bund(['audit', 'verify', '--data-dir', dataDir])).code).toBe(0)
  })
})

describe('tampering is named', () => {
  it('one byte flipped in a publication: verify names the signature and the audit entry', async () => {
    const dataDir = tempDir()
    const { publicationId } = await publish(dataDir)
    const db = join(dataDir, 'db.json')
    flipByte(db, offsetOf(db, '"outputHash":"', '"publications":['))
    const r = await bund(['verify', publicationId!, '--data-dir', dataDir])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`NOT VERIFIED  ${publicationId}`)
    expect(r.stdout).toMatch(/FAIL +signature +the ed25519 signature does not match the content/)
    expect(r.stdout).toMatch(/FAIL +audit +audit entry #4 recorded other content/)
    const doctor = await bund(['doctor', '--data-dir', dataDir])
    expect(doctor.code).toBe(1)
    expect(doctor.stdout).toContain(`1 publication(s) fail their signature check: ${publicationId}`)
  })

  it('one byte flipped in an artifact: verify names the artifact', async () => {
    const dataDir = tempDir()
    const { publicationId, outputHash } = await publish(dataDir)
    const artifact = join(dataDir, 'artifacts', outputHash!.slice(0, 2), outputHash!)
    flipByte(artifact, 10)
    const r = await bund(['verify', publicationId!, '--data-dir', dataDir])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(new RegExp(`FAIL +artifact:output +artifact ${outputHash} is corrupt: its bytes hash to [0-9a-f]{64}`))
    expect(r.stdout).toMatch(/ok +signature/)
  })

  it('one byte flipped in an audit entry: audit verify names the entry, exit 1', async () => {
    const dataDir = tempDir()
    await publish(dataDir)
    const db = join(dataDir, 'db.json')
    flipByte(db, offsetOf(db, '"action":"run.finishe', '"audit":[') - 1) // run.finished -> run.finishad
    const r = await bund(['audit', 'verify', '--data-dir', dataDir])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/BROKEN {2}audit entry #3: its hash [0-9a-f]{12}… does not match its contents .*run\.finishad/)
  })
})

describe('the data directory', () => {
  it('a second process is refused naming the holder PID; readers still work; a killed holder leaves a lock that is taken over', async () => {
    const dataDir = tempDir()
    const { publicationId } = await publish(dataDir)
    const holder = await holdStore(dataDir)
    const refused = await bund(['withdraw', publicationId!, '--reason', 'x', '--data-dir', dataDir])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(new RegExp(`bund: STORE_LOCKED: .* is in use by process ${holder.pid} since .*use its API instead: POST /api/v1/publications/${publicationId}/withdraw`))
    expect((await bund(['run', fixture('echo-random'), '--data-dir', dataDir])).stderr).toContain(`in use by process ${holder.pid}`)
    expect((await bund(['verify', publicationId!, '--data-dir', dataDir])).code).toBe(0)
    holder.kill('SIGKILL')
    await new Promise((r) => holder.once('exit', r))
    expect(existsSync(join(dataDir, 'lock'))).toBe(true)
    const doctor = await bund(['doctor', '--data-dir', dataDir])
    expect(doctor.stdout).toContain(`lock: stale — process ${holder.pid}`)
    const after = await bund(['withdraw', publicationId!, '--reason', 'holder died', '--data-dir', dataDir])
    expect(after.code, after.stderr).toBe(0)
    expect(existsSync(join(dataDir, 'lock'))).toBe(false)
  })

  it('a truncated db.json is refused and untouched; doctor explains it and restores the last good backup', async () => {
    const dataDir = tempDir()
    const first = await publish(dataDir, 1)
    await publish(dataDir, 2)
    const db = join(dataDir, 'db.json')
    const whole = readFileSync(db)
    const truncated = whole.subarray(0, Math.floor(whole.length / 2))
    writeFileSync(db, truncated)
    const run = await bund(['run', fixture('echo-random'), '--data-dir', dataDir])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/bund: STORE_INVALID: .*db\.json is corrupt or truncated .*it was left untouched\. Run `bund doctor/)
    expect(readFileSync(db).equals(truncated)).toBe(true)
    const doctor = await bund(['doctor', '--data-dir', dataDir])
    expect(doctor.code).toBe(1)
    expect(doctor.stdout).toMatch(/error +.*db\.json is corrupt or truncated/)
    // A backup is taken at every checkpoint: the newest holds both publications.
    expect(doctor.stdout).toMatch(/good +.*backups\/db\.json\.1 .*2 publications/)
    expect(doctor.stdout).toContain('bund doctor --restore')
    const restore = await bund(['doctor', '--restore', '--data-dir', dataDir])
    expect(restore.code, restore.stdout + restore.stderr).toBe(0)
    expect(restore.stdout).toMatch(/restored from .*backups\/db\.json\.1 .*\n  the broken db\.json is kept as .*db\.json\.broken-/)
    expect(readdirSync(dataDir).some((f) => f.startsWith('db.json.broken-'))).toBe(true)
    expect((await bund(['verify', first.publicationId!, '--data-dir', dataDir])).code).toBe(0)
    expect((await bund(['audit', 'verify', '--data-dir', dataDir])).code).toBe(0)
    const healthy = await bund(['doctor', '--restore', '--data-dir', dataDir])
    expect(healthy.stderr).toMatch(/STATE_CONFLICT: .*check out; there is nothing to restore/)
  })

  it('a db.json from a newer Bund is refused and untouched', async () => {
    const dataDir = tempDir()
    const text = JSON.stringify({ schemaVersion: 3, scenarios: [], runs: [], publications: [] })
    writeFileSync(join(dataDir, 'db.json'), text)
    const r = await bund(['run', fixture('echo-random'), '--data-dir', dataDir])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/STORE_INVALID: .*schema version 3, newer than this Bund understands \(2\); upgrade Bund/)
    expect(readFileSync(join(dataDir, 'db.json'), 'utf8')).toBe(text)
  })
})
