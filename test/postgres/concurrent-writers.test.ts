/**
 * Two processes write to one PostgreSQL store at once (each 4 writes at a time): the audit chain
 * and the transparency log stay one line of history — every entry verifies, no seq is taken twice
 * or skipped, the log's root is the root of exactly the chain, and every publication verifies.
 */
import { execFile } from 'node:child_process'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { type AuditEntry, auditLeaf, checkSignature, collectAll, tlog } from '@bund/core'
import { PgStore, connectPool, migrate } from '@bund/core/postgres'
import { afterAll, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'
import { type TestDatabase, describePostgres, freshDatabase } from '../helpers/postgres.js'

const WRITER = join(ROOT, 'test', 'helpers', 'pg-writer.mjs')

function writer(url: string, dataDir: string, prefix: string, count: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WRITER, url, dataDir, prefix, String(count)], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 99), stdout, stderr })
    })
  })
}

describePostgres('concurrent writers from two processes', () => {
  let db: TestDatabase | undefined
  afterAll(async () => {
    await db?.drop()
  })

  it('keep one audit line and one transparency log', async () => {
    db = await freshDatabase()
    const pool = await connectPool(db.url)
    await migrate(pool)
    await pool.end()
    const home = tempDir()
    const store = await PgStore.open(db.url, home)
    try {
      const nodes = [tempDir(), tempDir()]
      for (const dir of nodes) cpSync(join(home, 'keys'), join(dir, 'keys'), { recursive: true })
      const count = 60
      const results = await Promise.all([writer(db.url, nodes[0] as string, 'a', count), writer(db.url, nodes[1] as string, 'b', count)])
      for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 })

      const chain = await store.verifyAudit()
      expect(chain).toEqual({ ok: true, entries: expect.any(Number) })
      const entries = await collectAll((o) => store.listAudit(o), {})
      // Per run: run.started, run.finished, then publication.published or run.held, then test.note.
      expect(entries).toHaveLength(2 * count * 4)
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
      // Both writers' entries are interleaved in the one chain.
      const actors = entries.map((e) => e.actor)
      expect(actors.lastIndexOf('writer:a')).toBeGreaterThan(actors.indexOf('writer:b'))
      expect(actors.lastIndexOf('writer:b')).toBeGreaterThan(actors.indexOf('writer:a'))

      const tree = await store.logHashes()
      expect(tree.size).toBe(entries.length)
      const mth = (lo: number, hi: number): Buffer => {
        if (hi - lo === 1) return tlog.leafHash(auditLeaf(entries[lo] as AuditEntry))
        let k = 1
        while (k * 2 < hi - lo) k *= 2
        return tlog.nodeHash(mth(lo, lo + k), mth(lo + k, hi))
      }
      expect(await tlog.withStoredHashes(tree, (t) => tlog.rootAt(t, t.size))).toEqual(mth(0, entries.length))

      const publications = await collectAll((o) => store.listPublications(o), {})
      expect(publications).toHaveLength(count)
      const key = await store.publicKey()
      for (const p of publications) expect(checkSignature(p, key).ok).toBe(true)
    } finally {
      await store.close()
    }
  }, 180_000)
})
