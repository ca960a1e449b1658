/**
 * Kill -9 at random points during 100 publishes: a child process publishes in a loop, acknowledging
 * each publication on stdout once recordRun resolved; the parent kills it at a random moment,
 * reopens the store and checks it loads, holds every acknowledged publication, and its chain verifies.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openStore } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'
import { allPublications, allRuns } from '../helpers/store-records.js'

const TARGET = 100

const CHILD = `
import { writeSync } from 'node:fs'
const { openStore, publicationId } = await import(process.env.BUND_STORE_MODULE)
const [dir, target] = [process.argv[2], Number(process.argv[3])]
// Small sizes, so kills also land while the journal is folded, segments sealed, backups rotated.
const store = await openStore(dir, { sealBytes: 12 * 1024, checkpointBytes: 8 * 1024 })
writeSync(1, 'ready\\n')
for (let n = (await store.listRuns({ limit: 0 })).total + 1; n <= target; n++) {
  const at = new Date().toISOString()
  const hash = (c) => c.repeat(64)
  const run = { id: 'run_' + n, scenario: 'acme/crash', version: '1.0.0', bundleSha256: hash('b'), seed: n, rows: null, params: { n },
    status: 'published', startedAt: at, finishedAt: at, outputHash: hash('0'), verdicts: [], resources: { wallMs: 1, cpuMs: 1, heapPeakBytes: 1 },
    rulePacks: {}, logs: [{ level: 'info', message: 'x'.repeat(500) }], runtimeVersion: '0' }
  const body = { runId: run.id, scenario: run.scenario, version: run.version, bundleSha256: run.bundleSha256, seed: n, rows: null, params: run.params,
    outputHash: run.outputHash, verdicts: [], resources: run.resources, rulePacks: {}, runtimeVersion: '0', publishedAt: at }
  const p = await store.recordRun(run, { id: publicationId(body), ...body })
  writeSync(1, 'ack ' + p.id + '\\n')
}
await store.close()
writeSync(1, 'done\\n')
`

/** A small seeded PRNG, so a failing sequence of kill times can be replayed from the printed seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe('crash safety', () => {
  it(`kill -9 at random points during ${TARGET} publishes loses nothing acknowledged`, async () => {
    const seed = Date.now() % 100_000
    const random = prng(seed)
    const dir = tempDir()
    const script = join(tempDir(), 'publisher.mjs')
    writeFileSync(script, CHILD)
    const acked = new Set<string>()
    let kills = 0
    let done = false
    for (let round = 0; round < 200 && !done; round++) {
      const child = spawn(process.execPath, [script, dir, String(TARGET)], {
        env: { ...process.env, BUND_STORE_MODULE: join(ROOT, 'core', 'dist', 'store', 'index.js') },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      let buffer = ''
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
      // Kill at a random moment: 0–10 ms after the k-th publication of this round (k random, 0–5),
      // so kills land anywhere in the write cycle (a publish takes a few ms) and every round is short.
      const k = Math.floor(random() * 6)
      let ready = false
      let ackedHere = 0
      let armed = false
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString()
        const lines = buffer.split('\n')
        buffer = lines.pop() ?? ''
        for (const line of lines) {
          if (line === 'ready') ready = true
          else if (line === 'done') done = true
          else if (line.startsWith('ack ')) {
            acked.add(line.slice(4))
            ackedHere++
          }
        }
        if (ready && ackedHere >= k && !armed) {
          armed = true
          setTimeout(() => child.kill('SIGKILL'), random() * 10)
        }
      })
      const code = await exited
      if (code !== null && code !== 0) throw new Error(`publisher failed (seed ${seed}): ${stderr}`)
      if (code === null) kills++

      // The parent reopens after every kill: it always loads, keeps every ack, and verifies.
      const store = await openStore(dir)
      try {
        for (const id of acked) expect((await store.getPublication(id)), `acknowledged ${id} (seed ${seed}, round ${round})`).toBeDefined()
        expect((await store.verifyAudit()), `chain after round ${round} (seed ${seed})`).toMatchObject({ ok: true })
        // Each run and its publication went to disk in one write: never one without the other.
        expect((await allPublications(store)).length).toBe((await allRuns(store)).length)
      } finally {
        await store.close()
      }
    }
    expect(done).toBe(true)
    expect(acked.size).toBeGreaterThanOrEqual(TARGET - kills)
    expect(kills).toBeGreaterThan(15)
    const store = await openStore(dir)
    expect((await allPublications(store)).length).toBe(TARGET)
    expect((await store.verifyAudit())).toEqual({ ok: true, entries: TARGET * 3 })
    await store.close()
  }, 240_000)
})
