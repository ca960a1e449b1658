/**
 * The non-compliant twins of the built-in scenarios: each is a plausible submission with one
 * fault, and the gate must hold it with the verdict that names that fault.
 */
import { describe, expect, it } from 'vitest'
import { fixture } from '../helpers/cli.js'
import { runReport, verdict } from '../helpers/run-report.js'

describe('non-compliant twins are held by the verdict that catches them', () => {
  it('a credit scorecard with a gender prior: four-fifths and the counterfactual probe on gender', async () => {
    const { report, code } = await runReport(fixture('gender-credit'), ['--seed', '7'])
    expect(report.status).toBe('held')
    expect(code).toBe(1)
    expect(report.publicationId).toBeUndefined()
    const ratio = verdict(report, 'fair-lending/four-fifths')
    expect(ratio.status).toBe('fail')
    expect(ratio.figure!).toBeLessThan(0.8)
    expect(ratio.message).toMatch(/group female/)
    const probe = verdict(report, 'fair-lending/counterfactual')
    expect(probe.status).toBe('fail')
    expect(probe.figure!).toBeGreaterThan(0.05)
    // The fault is gender alone: exchanging region or age band changes nothing.
    const attributes = (probe.evidence as { attributes: Record<string, { figure: number }> }).attributes
    expect(attributes['gender']!.figure).toBeGreaterThan(0.05)
    expect(attributes['region']!.figure).toBe(0)
    expect(attributes['ageBand']!.figure).toBe(0)
    expect(verdict(report, 'fair-lending/protected-reads').message).toMatch(/applicants\.gender/)
  })

  it('a risk model that publishes names: the privacy canary check', async () => {
    const { report, code } = await runReport(fixture('leaky-risk-model'), ['--seed', '7'])
    expect(report.status).toBe('held')
    expect(code).toBe(1)
    const canaries = verdict(report, 'privacy/pii-canaries')
    expect(canaries.status).toBe('fail')
    expect(canaries.figure!).toBeGreaterThanOrEqual(1)
    expect(canaries.message).toMatch(/fullName/)
    // Nothing else is wrong with it: the cells are large and the model validates.
    expect(verdict(report, 'privacy/aggregate-cell-counts').status).toBe('pass')
    // …though each name keys one applicant's PD, a value of no declared measure.
    expect(verdict(report, 'privacy/aggregate-cell-values').status).toBe('fail')
    expect(verdict(report, 'model-validation/auc').status).toBe('pass')
    // It also reads region for a report and mis-scores the oldest band: held for those too.
    const blocking = report.verdicts.filter((v) => v.status === 'fail').map((v) => v.rule)
    expect(blocking).toContain('privacy/pii-canaries')
    expect(blocking).toContain('model-validation/protected-reads')
  })

  it('an AML monitor that misses structuring: the structuring-recall rule', async () => {
    const { report, code } = await runReport(fixture('aml-misses-structuring'), ['--seed', '7'])
    expect(report.status).toBe('held')
    expect(code).toBe(1)
    const structuring = verdict(report, 'aml-reporting/structuring-recall')
    expect(structuring.status).toBe('fail')
    expect(structuring.figure).toBe(0)
    // It does file every large-value report: only the detection is at fault.
    expect(verdict(report, 'aml-reporting/large-value-reports').status).toBe('pass')
  })
})
