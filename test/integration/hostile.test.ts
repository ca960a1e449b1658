/**
 * The hostile corpus (test/hostile): every scenario must end in its expected code, recorded as a
 * failed run, and leave the host healthy: the next ordinary run on the same worker publishes, and
 * the worker's resident memory comes back under a bound.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, WorkerPool, type Store, loadRulePacks, loadScenarioDir, openStore, runScenario, workerEntry } from '@bund/core'
import { HOSTILE } from '../hostile/expectations.js'
import { ROOT, fixture, tempDir } from '../helpers/cli.js'

const HOSTILE_DIR = join(ROOT, 'test', 'hostile')
/** A worker's resident memory after any hostile run must be back under its idle size plus this. */
const RSS_GROWTH_BOUND = 160 * 1024 * 1024

describe('the hostile corpus', () => {
  const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
  const rulePacks = loadRulePacks()
  const ordinary = loadScenarioDir(fixture('echo-random'))
  let store: Store
  let idleRss = 0

  beforeAll(async () => {
    store = await openStore(tempDir())
    const first = await runScenario(store, pool, { scenario: ordinary, seed: 1, rulePacks })
    expect(first.status).toBe('published')
    idleRss = (await pool.health()).rssBytes
  })
  afterAll(async () => {
    await pool.close()
    await store?.close()
  })

  it('has an expectation for every scenario and at least 40 of them', () => {
    const dirs = readdirSync(HOSTILE_DIR).filter((d) => existsSync(join(HOSTILE_DIR, d, 'src', 'index.ts')))
    expect(dirs.sort()).toEqual(Object.keys(HOSTILE).sort())
    expect(dirs.length).toBeGreaterThanOrEqual(40)
  })

  for (const [name, expected] of Object.entries(HOSTILE)) {
    it(`${name} ends in ${expected.code} and the host stays healthy`, async () => {
      const progress: number[] = []
      const report = await runScenario(store, pool, {
        scenario: loadScenarioDir(join(HOSTILE_DIR, name)),
        seed: 1,
        rulePacks,
        onProgress: (fraction) => progress.push(fraction),
      })
      const logs = report.logs.map((l) => l.message)
      expect(report.status, `${report.error?.code}: ${report.error?.message}\n${logs.join('\n').slice(0, 2000)}`).toBe('failed')
      expect(report.error?.code, report.error?.message).toBe(expected.code)
      expect(report.error?.message).toMatch(expected.message)
      expect(report.error!.message.length).toBeLessThanOrEqual(2100)
      expect(store.getRun(report.runId)?.status).toBe('failed')
      expect(report.publicationId).toBeUndefined()
      // Logs and progress stay bounded however they were produced.
      expect(logs.reduce((n, m) => n + m.length + 8, 0)).toBeLessThanOrEqual(DEFAULT_LIMITS.logBytes)
      expect(logs.some((m) => m.startsWith('ESCAPED'))).toBe(false)
      expect(progress.length).toBeLessThanOrEqual(200)

      const next = await runScenario(store, pool, { scenario: ordinary, seed: 1, rulePacks })
      expect(next.status, next.error?.message).toBe('published')
      const health = await pool.health()
      expect(health.rssBytes, `worker rss ${health.rssBytes} after ${name}, idle ${idleRss}`).toBeLessThan(idleRss + RSS_GROWTH_BOUND)
    })
  }

  it('never lets a planted global reach the next run, even back to back', async () => {
    const plant = await runScenario(store, pool, { scenario: loadScenarioDir(join(HOSTILE_DIR, 'leak-plant')), seed: 1, rulePacks })
    expect(plant.error?.message).toMatch(/held: planted/)
    const probe = await runScenario(store, pool, { scenario: loadScenarioDir(join(HOSTILE_DIR, 'leak-probe')), seed: 1, rulePacks })
    expect(probe.error?.message).toMatch(/held: nothing of the previous run/)
  })

  it('did not lose a worker to any of it', () => {
    expect(pool.crashes).toBe(0)
  })
})
