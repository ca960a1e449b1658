/** bund/market-risk, run as an operator would: published on several seeds, its own backtest agreeing with the host's. */
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT, bund } from '../../../test/helpers/cli.js'
import { publishedOutput, runReport, verdict } from '../../../test/helpers/run-report.js'

const dir = join(ROOT, 'scenarios', 'market-risk')

interface Cell {
  group: string[]
  count: number
  /** Figures of the models, reported by the scenario (the host does not recompute them). */
  reported: Record<string, number>
}
interface SeriesEvidence {
  series: string
  days: number
  exceptions: number
  kupiecLR: number
  trafficLight: string
}

beforeAll(async () => {
  const built = await bund(['build', dir, '--quiet'])
  expect(built.code, built.stderr).toBe(0)
})

describe('bund/market-risk', () => {
  it.each([1, 7, 42])('is published with passing VaR and expected-shortfall backtests, seed %i', async (seed) => {
    const run = await runReport(dir, ['--seed', String(seed)])
    const { report } = run
    expect(report.status, JSON.stringify(report.error ?? report.verdicts.filter((v) => v.status !== 'pass'))).toBe('published')
    expect(run.code).toBe(0)
    // Every rule passes but the traffic light's yellow warning, which a correct model meets now and then.
    for (const v of report.verdicts) if (v.rule !== 'market-risk/traffic-light-yellow') expect(v.status, `${v.rule}: ${v.message}`).toBe('pass')
    expect(report.resources.wallMs).toBeLessThan(10_000)

    const backtest = verdict(report, 'market-risk/var-backtest')
    expect(backtest.figure!).toBeLessThanOrEqual(3.841)
    const [book] = backtest.evidence!['series'] as SeriesEvidence[]
    expect(book).toMatchObject({ series: 'trading-book', days: 1000 })
    expect(book!.trafficLight).not.toBe('red')
    expect(verdict(report, 'market-risk/forecasts').figure).toBe(0)
    expect(verdict(report, 'market-risk/es-backtest').figure!).toBeGreaterThanOrEqual(-1.8)

    // The scenario's own backtest of its champion, reported, agrees with the host's, day for day.
    const output = publishedOutput(run) as { confidence: number; portfolios: Record<string, Record<string, number>>; aggregates: Array<{ name: string; cells: Cell[] }> }
    expect(output.confidence).toBe(0.99)
    expect(Object.values(output.portfolios['trading-book']!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    const [champion, ...challengers] = output.aggregates[0]!.cells
    expect(champion!.group).toEqual(['EWMA(0.94) filtered historical simulation'])
    expect(champion!.reported['exceptions']).toBe(book!.exceptions)
    expect(champion!.reported['kupiecLR']).toBeCloseTo(book!.kupiecLR, 9)
    expect(challengers.map((c) => c.group[0])).toEqual(['GARCH(1,1) filtered historical simulation', 'historical simulation, 250 days', 'GARCH(1,1) normal'])
    for (const c of [champion!, ...challengers]) expect(c.reported['meanEs']!).toBeGreaterThan(c.reported['meanVar']!)
  })
})
