import type { PublishedAggregate } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { builtScenario, publishedOutput, runReport, verdict } from '../../../test/helpers/run-report.js'

const dir = builtScenario('aml-monitoring')

describe('bund/aml-monitoring', () => {
  it.each([1, 7, 42])('finds the traceable laundering of every typology and reports every large-value transaction, seed %i', async (seed) => {
    const run = await runReport(dir, ['--seed', String(seed)])
    const { report } = run
    expect(report.status, JSON.stringify(report.error ?? report.verdicts.filter((v) => v.status !== 'pass'))).toBe('published')
    expect(run.code).toBe(0)
    for (const v of report.verdicts) expect(v.status, `${v.rule}: ${v.message}`).toBe('pass')
    expect(verdict(report, 'aml-reporting/large-value-reports').figure).toBe(1)
    expect(verdict(report, 'aml-reporting/structuring-recall').figure!).toBeGreaterThanOrEqual(0.9)
    // About a tenth of the layering legs are untraceable (ordinary-looking rows), so no typology is
    // caught in full; structuring is made at this bank and is.
    const typologies = verdict(report, 'aml-reporting/typology-recall')
    expect(typologies.figure!).toBeGreaterThanOrEqual(0.6)
    // All six typologies were planted in the monitored days, and each was found.
    const byTypology = (typologies.evidence as { typologies: Record<string, { planted: number; recall: number }> }).typologies
    expect(Object.keys(byTypology).sort()).toEqual(['cycle', 'fan-in', 'fan-out', 'gather-scatter', 'scatter-gather', 'structuring'])
    expect(verdict(report, 'aml-reporting/alert-recall').figure!).toBeGreaterThanOrEqual(0.8)
    expect(verdict(report, 'aml-reporting/alert-recall').figure!).toBeLessThan(1)
    expect(verdict(report, 'aml-reporting/alert-precision').figure!).toBeGreaterThan(0.6)
    // The untraceable legs are alerted no more often than chance allows.
    expect(verdict(report, 'aml-reporting/plausible-recall').status).toBe('pass')
    expect(report.resources.wallMs).toBeLessThan(10_000)

    const output = publishedOutput(run) as { aggregates: PublishedAggregate[] }
    const backtest = output.aggregates.find((a) => a.name.startsWith('back-test'))!.cells
    const none = backtest.find((c) => c.group[0] === 'none')!
    expect(none.reported?.['falseAlarmRate']!).toBeLessThan(0.005)
    for (const c of backtest) if (c.group[0] !== 'none') expect(c.reported?.['recall']!, c.group[0]).toBeGreaterThanOrEqual(c.group[0] === 'structuring' ? 0.9 : 0.5)
  })

  it('is held when its bursts must be wider than any planted fan-out (fan 13)', async () => {
    const { report, code } = await runReport(dir, ['--seed', '7', '--params', '{"fan":13}'])
    expect(report.status).toBe('held')
    expect(code).toBe(1)
    expect(verdict(report, 'aml-reporting/typology-recall').status).toBe('fail')
    expect(verdict(report, 'aml-reporting/structuring-recall').status).toBe('pass')
  })
})
