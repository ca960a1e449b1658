import type { PublishedAggregate } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { builtScenario, publishedOutput, runReport, verdict } from '../../../test/helpers/run-report.js'

const dir = builtScenario('inclusive-sme-lending')

describe('bund/inclusive-sme-lending', () => {
  it.each([1, 7, 42])('is published with every blocking verdict passing, seed %i', async (seed) => {
    const run = await runReport(dir, ['--seed', String(seed)])
    const { report } = run
    expect(report.status, JSON.stringify(report.error ?? report.verdicts.filter((v) => v.status === 'fail'))).toBe('published')
    expect(run.code).toBe(0)
    for (const v of report.verdicts) if (v.severity === 'block') expect(v.status, `${v.rule}: ${v.message}`).toBe('pass')
    // The fairness checks evaluate every attribute sme-loans declares: gender and region.
    const ratio = verdict(report, 'fair-lending/four-fifths')
    expect(ratio.figure).toBeGreaterThanOrEqual(0.8)
    const ratios = (ratio.evidence as { attributes: Record<string, { figure: number }> }).attributes
    expect(Object.keys(ratios).sort()).toEqual(['gender', 'region'])
    expect(ratios['gender']!.figure).toBeGreaterThanOrEqual(0.9)
    expect(verdict(report, 'fair-lending/counterfactual').figure).toBe(0)
    // It reads neither region nor gender (inclusion by region is the host's to measure).
    expect(verdict(report, 'fair-lending/protected-reads').figure).toBe(0)
    expect(verdict(report, 'fair-lending/apr-cap').figure).toBeLessThanOrEqual(0.12)
    expect(verdict(report, 'operational/determinism').status).toBe('pass')
    expect(report.resources.wallMs).toBeLessThan(10_000)

    // Inclusion: cash-flow scoring serves thin-file firms without collateral that collateral lending turns away…
    const output = publishedOutput(run) as { aggregates: PublishedAggregate[] }
    const [inclusion, backtest] = output.aggregates
    const thin = inclusion!.cells.find((c) => c.group[0] === 'no collateral' && c.group[1] === 'thin file')!
    expect(thin.count).toBeGreaterThan(100)
    expect(thin.reported?.['collateralApprovalRate']).toBe(0)
    expect(thin.values?.['approvalRate']).toBeGreaterThan(0.4)
    for (const c of inclusion!.cells) expect(c.values?.['approvalRate']!, c.group.join('/')).toBeGreaterThan(c.reported?.['collateralApprovalRate']!)
    // …and, replayed on the labelled established training firms, lends to half as many again.
    const cashFlow = backtest!.cells.find((c) => c.group[0] === 'cash-flow scorecard' && c.group[1] === 'established')!
    const collateral = backtest!.cells.find((c) => c.group[0] === 'collateral-based' && c.group[1] === 'established')!
    expect(cashFlow.reported?.['approvalRate']!).toBeGreaterThan(1.5 * collateral.reported?.['approvalRate']!)
    // Established firms it approves default below the 10% base rate; thin-file ones a little above it.
    for (const c of backtest!.cells) expect(c.values?.['defaultRate']!, c.group.join('/')).toBeLessThan(c.group[1] === 'established' ? 0.1 : 0.13)
  })

  it('is held when a stricter cut-off is asked for and the region ratio falls below four fifths', async () => {
    const { report, code } = await runReport(dir, ['--seed', '7', '--params', '{"cutoff":0.08}'])
    expect(report.status).toBe('held')
    expect(code).toBe(1)
    const ratio = verdict(report, 'fair-lending/four-fifths')
    expect(ratio.status).toBe('fail')
    expect(ratio.figure!).toBeLessThan(0.8)
    expect(ratio.evidence).toMatchObject({ attribute: 'region' })
  })
})
