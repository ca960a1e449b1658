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
    // The fairness checks evaluate on the SME data: gender and region, ratios, parity and probes.
    expect(verdict(report, 'fair-lending/four-fifths-gender').figure).toBeGreaterThanOrEqual(0.9)
    expect(verdict(report, 'fair-lending/four-fifths-region').figure).toBeGreaterThanOrEqual(0.8)
    expect(verdict(report, 'fair-lending/counterfactual-gender').figure).toBe(0)
    expect(verdict(report, 'fair-lending/counterfactual-region').figure).toBe(0)
    expect(verdict(report, 'fair-lending/apr-cap').figure).toBeLessThanOrEqual(0.12)
    expect(verdict(report, 'operational/determinism').status).toBe('pass')
    expect(report.resources.wallMs).toBeLessThan(10_000)

    // Inclusion: cash-flow scoring serves thin-file and rural firms that collateral lending turns away…
    const output = publishedOutput(run) as { aggregates: PublishedAggregate[] }
    const [inclusion, backtest] = output.aggregates
    const ruralThin = inclusion!.cells.find((c) => c.group[0] === 'rural' && c.group[1] === 'thin file')!
    expect(ruralThin.count).toBeGreaterThan(100)
    expect(ruralThin.values?.['collateralApprovalRate']).toBe(0)
    expect(ruralThin.values?.['approvalRate']).toBeGreaterThan(0.4)
    for (const c of inclusion!.cells) expect(c.values?.['approvalRate']!, c.group.join('/')).toBeGreaterThan(c.values?.['collateralApprovalRate']!)
    // …and, replayed on the labelled training firms, lends to twice as many at a default rate below the 10% base rate.
    for (const region of ['urban', 'rural']) {
      const cashFlow = backtest!.cells.find((c) => c.group[0] === 'cash-flow scorecard' && c.group[1] === region)!
      const collateral = backtest!.cells.find((c) => c.group[0] === 'collateral-based' && c.group[1] === region)!
      expect(cashFlow.values?.['approvalRate']!).toBeGreaterThan(2 * collateral.values?.['approvalRate']!)
      expect(cashFlow.values?.['defaultRate']!).toBeLessThan(0.1)
    }
  })

  it('is held when a stricter cut-off is asked for and the region ratio falls below four fifths', async () => {
    const { report, code } = await runReport(dir, ['--seed', '7', '--params', '{"cutoff":0.08}'])
    expect(report.status).toBe('held')
    expect(code).toBe(1)
    const region = verdict(report, 'fair-lending/four-fifths-region')
    expect(region.status).toBe('fail')
    expect(region.figure!).toBeLessThan(0.8)
  })
})
