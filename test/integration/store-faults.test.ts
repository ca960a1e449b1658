/**
 * A data directory on a full disk, a read-only mount, or owned by someone else: each is its own
 * code with what to do, nothing acknowledged is lost, and the server still serves reads. Real
 * faults, not mocks: a small tmpfs (mounting needs root, as on the CI machine; elsewhere these
 * tests are skipped with a visible note), and a process run as another user.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { openStore } from '@bund/core'
import { createApp, createDeps } from '@bund/core/http'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'
import { allPublications, publish } from '../helpers/store-records.js'

const isRoot = process.getuid?.() === 0
if (!isRoot) console.warn('store-faults: not root, so no tmpfs can be mounted: the full-disk and read-only tests are skipped')

const mounts: string[] = []
function smallDisk(size: string): string {
  const dir = tempDir('bund-disk-')
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir])
  mounts.push(dir)
  return dir
}
afterAll(() => {
  for (const m of mounts) execFileSync('umount', ['-l', m])
})

/** Fills the disk until the kernel refuses (ENOSPC). */
function fill(disk: string): void {
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${join(disk, 'filler')}`, 'bs=64k'], { stdio: 'ignore' })
  } catch {}
}

describe.runIf(isRoot)('full disk and read-only mount', () => {
  it('a full disk: DISK_FULL with what to do, nothing acknowledged lost; the server still starts and serves reads', async () => {
    const disk = smallDisk('4m')
    const dir = join(disk, 'data')
    const store = await openStore(dir)
    const acked: string[] = []
    for (let i = 1; i <= 5; i++) acked.push((await publish(store, i)).id)
    fill(disk)
    const refused = await publish(store, 6).then(
      () => undefined,
      (e) => e,
    )
    expect(refused).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk holding the data directory is full.*Free space/) })
    await store.close().catch(() => undefined)

    // A writable open is refused with the code; the server's open serves reads instead.
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'DISK_FULL' })
    const served = await openStore(dir, { readsOnWriteFault: true })
    try {
      expect(served.writeFault()?.code).toBe('DISK_FULL')
      const { deps, close } = createDeps({ store: served, concurrency: 1, logger: pino({ level: 'silent' }) })
      const app = createApp(deps)
      const health = (await (await app.request('/healthz')).json()) as { store: { writable: boolean; writeFault?: string } }
      expect(health.store).toEqual({ writable: false, writeFault: 'DISK_FULL', missingSegments: 0 })
      for (const id of acked) expect((await app.request(`/api/v1/publications/${id}`)).status).toBe(200)
      await expect(served.audit('cli', 'x', 'y', {})).rejects.toMatchObject({ code: 'DISK_FULL' })
      await close()
    } finally {
      await served.close()
    }
    // Space freed: everything acknowledged is there, the chain verifies, writes go on.
    execFileSync('rm', [join(disk, 'filler')])
    const again = await openStore(dir)
    expect((await allPublications(again)).map((p) => p.id).reverse()).toEqual(acked)
    expect((await again.verifyAudit()).ok).toBe(true)
    await publish(again, 7)
    await again.close()
  })

  it('a read-only mount: STORE_READONLY for writers; readers and the server work', async () => {
    const disk = smallDisk('4m')
    const dir = join(disk, 'data')
    const store = await openStore(dir)
    const p = await publish(store, 1)
    await store.close()
    execFileSync('mount', ['-o', 'remount,ro', disk])
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'STORE_READONLY', message: expect.stringMatching(/read-only file system.*Remount it read-write/) })
    const reader = await openStore(dir, { readOnly: true })
    expect((await reader.getPublication(p.id))?.id).toBe(p.id)
    await reader.close()
    const served = await openStore(dir, { readsOnWriteFault: true })
    expect(served.writeFault()?.code).toBe('STORE_READONLY')
    expect((await served.getPublication(p.id))?.id).toBe(p.id)
    await served.close()
  })
})

describe('permissions', () => {
  it.runIf(isRoot)('a data directory this user may not write: STORE_PERMISSION, not INTERNAL or EACCES', async () => {
    const dir = tempDir()
    const store = await openStore(dir)
    await publish(store, 1)
    await store.close()
    // Everyone may read (and so enter) it; only root may write.
    chmodSync(dir, 0o755)
    const code = `import('@bund/core').then(m => m.openStore(${JSON.stringify(dir)})).then(s => s.close()).then(() => console.log('opened'), e => console.log(e.code, e.message))`
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, uid: 65534, gid: 65534, encoding: 'utf8' }).trim()
    expect(out).toMatch(/^STORE_PERMISSION this process \(uid 65534\) may not write the data directory .*chown -R/)
  })
})
