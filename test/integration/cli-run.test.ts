import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, bund, fixture, tempDir } from '../helpers/cli.js'

const creditScoring = join(ROOT, 'scenarios', 'credit-scoring')

interface RunJson {
  status: 'published' | 'held' | 'failed'
  runId: string
  publicationId?: string
  scenario: string
  version: string
  seed: number
  outputHash: string | null
  verdicts: Array<{ rule: string; status: string; severity: string; figure: number | null; threshold: number | null }>
  resources: { wallMs: number; cpuMs: number; heapPeakBytes: number }
  error?: { code: string; message: string }
}

async function runJson(args: string[]): Promise<{ code: number; report: RunJson; stderr: string }> {
  const r = await bund(['run', ...args, '--json'])
  return { code: r.code, report: JSON.parse(r.stdout) as RunJson, stderr: r.stderr }
}

describe('bund run: the happy path', () => {
  it('publishes credit-scoring with every blocking verdict passing, exit 0', async () => {
    const dataDir = tempDir()
    const { code, report } = await runJson([creditScoring, '--seed', '7', '--data-dir', dataDir])
    expect(report.status).toBe('published')
    expect(code).toBe(0)
    expect(report.scenario).toBe('bund/credit-scoring')
    expect(report.seed).toBe(7)
    expect(report.outputHash).toMatch(/^[0-9a-f]{64}$/)
    expect(report.publicationId).toMatch(/^pub_/)
    const rules = report.verdicts.map((v) => v.rule)
    expect(rules).toEqual(
      expect.arrayContaining(['operational/output-schema', 'fair-lending/four-fifths', 'fair-lending/counterfactual', 'fair-lending/age-elderly', 'fair-lending/protected-reads', 'fair-lending/adverse-action-reasons']),
    )
    // Warnings (e.g. regional parity just over 0.1 on some seeds) are published with the result; nothing fails.
    for (const v of report.verdicts) expect(v.status, v.rule).not.toBe('fail')
    for (const v of report.verdicts.filter((v) => v.severity === 'block')) expect(v.status, v.rule).toBe('pass')
    const ratio = report.verdicts.find((v) => v.rule === 'fair-lending/four-fifths')!
    expect(ratio.figure).toBeGreaterThanOrEqual(0.8)
    expect(ratio.threshold).toBe(0.8)
    // Every attribute the data kind declares is measured.
    expect(Object.keys((ratio as unknown as { evidence: { attributes: object } }).evidence.attributes).sort()).toEqual(['ageBand', 'gender', 'region'])
    expect(report.resources.wallMs).toBeGreaterThan(0)
    expect(report.resources.cpuMs).toBeGreaterThan(0)
    expect(report.resources.heapPeakBytes).toBeGreaterThan(0)
    // The store holds the run, the publication and the output artifact.
    const db = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8'))
    expect(db.runs).toHaveLength(1)
    expect(db.publications[0].id).toBe(report.publicationId)
    expect(existsSync(join(dataDir, 'artifacts', report.outputHash!.slice(0, 2), report.outputHash!))).toBe(true)
  })

  it('prints a human report with status, resources and every verdict with its figure', async () => {
    const r = await bund(['run', creditScoring, '--seed', '3', '--data-dir', tempDir()])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('PUBLISHED  bund/credit-scoring@1.0.0  seed 3')
    expect(r.stdout).toMatch(/wall \d+ ms · cpu \d+ ms · heap peak [\d.]+ (KB|MB)/)
    expect(r.stdout).toMatch(/pass {2}fair-lending\/four-fifths +0\.\d{3} \(threshold 0\.800\)/)
  })

  it('runs a registered scenario again by its id', async () => {
    const dataDir = tempDir()
    await runJson([creditScoring, '--seed', '7', '--data-dir', dataDir])
    const { code, report } = await runJson(['bund/credit-scoring@1.0.0', '--seed', '7', '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(report.status).toBe('published')
  })
})

describe('bund run: determinism', () => {
  it('gives the same output hash for the same seed, and another for another seed', async () => {
    const dataDir = tempDir()
    const a = await runJson([creditScoring, '--seed', '11', '--rows', '3000', '--data-dir', dataDir])
    const b = await runJson([creditScoring, '--seed', '11', '--rows', '3000', '--data-dir', dataDir])
    const c = await runJson([creditScoring, '--seed', '12', '--rows', '3000', '--data-dir', dataDir])
    expect(a.report.outputHash).toMatch(/^[0-9a-f]{64}$/)
    expect(b.report.outputHash).toBe(a.report.outputHash)
    expect(c.report.outputHash).not.toBe(a.report.outputHash)
  })

  it('seeds Math.random from the run seed and fixes the clock; no timers exist', async () => {
    const dataDir = tempDir()
    const a = await bund(['run', fixture('echo-random'), '--seed', '5', '--json', '--data-dir', dataDir])
    const b = await bund(['run', fixture('echo-random'), '--seed', '5', '--json', '--data-dir', dataDir])
    const c = await bund(['run', fixture('echo-random'), '--seed', '6', '--json', '--data-dir', dataDir])
    const [ra, rb, rc] = [a, b, c].map((r) => JSON.parse(r.stdout) as RunJson & { logs: Array<{ message: string }> })
    expect(ra!.outputHash).toBe(rb!.outputHash)
    expect(rc!.outputHash).not.toBe(ra!.outputHash)
    expect(ra!.logs[0]!.message).toBe('now=2026-01-01T00:00:00.000Z dateNow=1767225600000 timers=undefined')
  })
})

describe('bund run: the gate', () => {
  it('holds an unfair model, naming the group and the figure, exit 1', async () => {
    const { code, report } = await runJson([fixture('unfair-credit'), '--data-dir', tempDir()])
    expect(report.status).toBe('held')
    expect(code).toBe(1)
    expect(report.publicationId).toBeUndefined()
    const gender = report.verdicts.find((v) => v.rule === 'fair-lending/four-fifths')!
    expect(gender.status).toBe('fail')
    expect(gender.figure).toBeLessThan(0.8)
    expect((gender as unknown as { message: string }).message).toMatch(/for gender group female/)
  })
})

describe('bund run: each sandbox failure has its code', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['infinite-loop', 'SANDBOX_TIMEOUT', /longer than 1000 ms/],
    ['heap-bomb', 'SANDBOX_MEMORY', /more than 32 MB/],
    ['throws', 'SCENARIO_THREW', /Error: scorecard exploded/],
    ['invalid-output', 'OUTPUT_INVALID', /decisions\.columns\.applicantId: missing column/],
    ['oversized-output', 'OUTPUT_TOO_LARGE', /over the limit of 4096/],
  ]
  for (const [name, code, message] of cases) {
    it(`${name} ends in ${code}, recorded as failed, exit 2`, async () => {
      const dataDir = tempDir()
      const r = await runJson([fixture(name), '--data-dir', dataDir])
      expect(r.report.status).toBe('failed')
      expect(r.report.error?.code).toBe(code)
      expect(r.report.error?.message).toMatch(message)
      expect(r.code).toBe(2)
      const db = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8'))
      expect(db.runs[0].status).toBe('failed')
      expect(db.publications).toHaveLength(0)
    })
  }

  it('keeps the scenario stack and drops host frames when the scenario throws', async () => {
    const dataDir = tempDir()
    await bund(['run', fixture('throws'), '--data-dir', dataDir])
    const db = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8'))
    const stack = db.runs[0].error.details.stack as string
    expect(stack).toContain('explode')
    expect(stack).toMatch(/at explode \(src\/index\.ts:\d+:\d+\)/)
    expect(stack).not.toMatch(/bund-runtime|node:internal|isolated-vm/)
  })
})
