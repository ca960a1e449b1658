/**
 * The defeat-device corpus (test/defeat): each scenario tries to pass the gate while non-compliant;
 * each run must be held (never published, never crashed) with every rule its expectation names
 * failing and a one-line remedy on each. The instance's evaluation secret appears in no record,
 * log, report, error or artifact.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorkerPool, type Store, loadRulePacks, loadScenarioDir, openStore, runScenario, workerEntry } from '@bund/core'
import { DEFEAT } from '../defeat/expectations.js'
import { ROOT, tempDir } from '../helpers/cli.js'

const DEFEAT_DIR = join(ROOT, 'test', 'defeat')

/** Every file under a folder, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

describe('the defeat-device corpus', () => {
  const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
  const rulePacks = loadRulePacks()
  const dataDir = tempDir()
  const outputs: string[] = []
  let store: Store

  beforeAll(async () => {
    store = await openStore(dataDir)
  })
  afterAll(async () => {
    await pool.close()
    await store?.close()
  })

  it('has an expectation for every scenario and at least 15 of them', () => {
    const dirs = readdirSync(DEFEAT_DIR).filter((d) => existsSync(join(DEFEAT_DIR, d, 'src', 'index.ts')))
    expect(dirs.sort()).toEqual(Object.keys(DEFEAT).sort())
    expect(dirs.length).toBeGreaterThanOrEqual(15)
  })

  for (const [name, expected] of Object.entries(DEFEAT)) {
    it(`${name} is held by ${expected.heldBy.join(', ')}`, async () => {
      const report = await runScenario(store, pool, {
        scenario: loadScenarioDir(join(DEFEAT_DIR, name)),
        seed: 3,
        rulePacks,
        evaluation: expected.mode ?? 'blind',
      })
      outputs.push(JSON.stringify(report))
      const failing = report.verdicts.filter((v) => v.status === 'fail')
      expect(report.status, `${report.error?.code}: ${report.error?.message}`).toBe('held')
      expect(report.publicationId).toBeUndefined()
      for (const rule of expected.heldBy) {
        const v = report.verdicts.find((x) => x.rule === rule)
        expect(v, `${rule} was not evaluated`).toBeDefined()
        expect(v!.status, `${rule}: ${v!.message}`).toBe('fail')
        expect(v!.remedy, rule).toMatch(/^[^\n]{10,300}$/)
      }
      expect(failing.length).toBeGreaterThanOrEqual(expected.heldBy.length)
      // The read-set is part of the record.
      const readSet = (await store.getRun(report.runId))?.readSet ?? {}
      expect(Object.values(readSet).flat().length).toBeGreaterThan(0)
    })
  }

  it('keeps the evaluation secret out of every record, log, report and artifact', () => {
    const secret = readFileSync(join(dataDir, 'keys', 'evaluation.secret'), 'utf8').trim()
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    for (const text of outputs) expect(text).not.toContain(secret)
    for (const file of files(dataDir)) {
      if (file.endsWith('evaluation.secret')) continue
      expect(readFileSync(file).toString('latin1').includes(secret), file).toBe(false)
    }
  })
})
