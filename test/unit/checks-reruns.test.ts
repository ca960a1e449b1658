/** The re-runs checks ask for happen in the worker: through the CLI, as an operator sees them. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, bund, fixture, tempDir } from '../helpers/cli.js'

interface Report {
  status: string
  verdicts: Array<{ rule: string; status: string; figure: number | null; disabledReason?: string; evidence?: Record<string, unknown> }>
}

async function run(args: string[]): Promise<{ code: number; report: Report }> {
  const r = await bund(['run', ...args, '--json', '--data-dir', tempDir()])
  return { code: r.code, report: JSON.parse(r.stdout) as Report }
}

const verdict = (r: Report, rule: string) => r.verdicts.find((v) => v.rule === rule)

describe('re-runs in the worker', () => {
  it('credit-scoring: exchanging gender, region or age band changes no decision, and a second run gives the same hash', async () => {
    const { code, report } = await run([join(ROOT, 'scenarios', 'credit-scoring'), '--seed', '5'])
    expect(code).toBe(0)
    const probe = verdict(report, 'fair-lending/counterfactual')!
    expect(probe).toMatchObject({ status: 'pass', figure: 0 })
    for (const attribute of ['gender', 'region', 'ageBand']) expect((probe.evidence as { attributes: Record<string, { changed: number; pairs: number }> }).attributes[attribute]).toMatchObject({ changed: 0, pairs: expect.any(Number) })
    expect(verdict(report, 'operational/determinism')).toMatchObject({ status: 'pass', figure: 1 })
  })

  it('unfair-credit: swapping gender flips most decisions, so the probe holds the run; a disabled rule is recorded with its reason', async () => {
    const { code, report } = await run([fixture('unfair-credit'), '--seed', '5', '--disable', 'fair-lending/statistical-parity=parity is monitored elsewhere in this pilot'])
    expect(code).toBe(1)
    const probe = verdict(report, 'fair-lending/counterfactual')!
    expect(probe.status).toBe('fail')
    expect(probe.figure).toBeGreaterThan(0.3)
    expect(verdict(report, 'fair-lending/statistical-parity')).toMatchObject({ status: 'warn', figure: null, disabledReason: 'parity is monitored elsewhere in this pilot' })
  })

  it('refuses to disable a rule without a reason, before running anything', async () => {
    const r = await bund(['run', fixture('unfair-credit'), '--disable', 'fair-lending/four-fifths', '--data-dir', tempDir()])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bund: USAGE: --disable fair-lending\/four-fifths: a rule can only be disabled with a reason/)
  })
})
