import { chiSquare1PValue, expectedShortfall, kupiecPof, trafficLight, varBacktest } from '@bund/core'
import { marketRisk, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

describe("Kupiec's proportion-of-failures test", () => {
  it('10 exceptions in 250 days at 99 %: LR = 12.955 (hand-computed), p ≈ 0.0003, red zone', () => {
    // −2[240 ln 0.99 + 10 ln 0.01] + 2[240 ln 0.96 + 10 ln 0.04] = 96.9276 − 83.9721
    expect(kupiecPof(250, 10, 0.01)).toBeCloseTo(12.955491, 5)
    expect(chiSquare1PValue(12.955491)).toBeCloseTo(0.000319, 5)
    expect(chiSquare1PValue(3.841459)).toBeCloseTo(0.05, 6)
    expect(kupiecPof(100, 1, 0.01)).toBe(0)
    expect(kupiecPof(500, 5, 0.01)).toBe(0)
  })

  it('Basel traffic light at 250 days, 99 %: 4 green, 5 yellow, 9 yellow, 10 red', () => {
    expect([4, 5, 9, 10].map((x) => trafficLight(250, x, 0.01))).toEqual(['green', 'yellow', 'yellow', 'red'])
  })
})

/**
 * 100 evaluation days (days 100–199) of two instruments: AAA returns −5 % on every 20th day and
 * +0.1 % otherwise; BBB returns 0. Portfolio P holds half of each. A flat 2 % VaR is exceeded on
 * 5 of 100 days by AAA (−5 %) and by P (−2.5 %): LR(100, 5, 0.01) = 8.258.
 */
function handWorked(options: { misstate?: boolean; es?: number } = {}) {
  const days = 100
  const md = tableBuilder({ day: 'u32', date: 'dict', instrument: 'dict', price: 'f64', logReturn: 'f64' }, days * 2)
  const ret = (d: number) => (d % 20 === 0 ? -0.05 : 0.001)
  for (let d = 0; d < days; d++) {
    for (const [k, name] of ['AAA', 'BBB'].entries()) {
      const i = d * 2 + k
      md.columns.day[i] = 100 + d
      md.columns.date.set(i, `d${100 + d}`)
      md.columns.instrument.set(i, name)
      md.columns.price[i] = 100
      md.columns.logReturn[i] = name === 'AAA' ? ret(d) : 0
    }
  }
  const out = marketRisk(days * 3)
  for (let d = 0; d < days; d++) {
    const es = options.es ?? 0.03
    out.set(d * 3, { day: 100 + d, series: 'AAA', var: 0.02, es, pnl: options.misstate && d === 0 ? 0 : ret(d) })
    out.set(d * 3 + 1, { day: 100 + d, series: 'BBB', var: 0.02, es, pnl: 0 })
    out.set(d * 3 + 2, { day: 100 + d, series: 'P', var: 0.02, es, pnl: ret(d) / 2 })
  }
  return checkInput('market-risk', out.build(0.99, { P: { AAA: 0.5, BBB: 0.5 } }), { prices: dataset('market-series', md.build()) })
}

describe('VaR backtest', () => {
  it('counts exceptions against the host-computed P&L; worst LR = 8.258 > 3.841', () => {
    const r = varBacktest.evaluate(handWorked(), { critical: 3.841, minDays: 60 })
    expect(r.figure).toBeCloseTo(8.258217, 5)
    expect(r.passed).toBe(false)
    const series = (r.evidence as { series: Array<{ series: string; exceptions: number; kupiecLR: number }> }).series
    expect(series.map((s) => [s.series, s.exceptions])).toEqual([['AAA', 5], ['BBB', 0], ['P', 5]])
    expect(series[1]!.kupiecLR).toBeCloseTo(2.010067, 5) // 0 exceptions in 100 days: −2·100·ln 0.99
  })

  it('fails a series whose stated P&L is not the realised return', () => {
    const r = varBacktest.evaluate(handWorked({ misstate: true }), { critical: 100, minDays: 60 })
    expect(r.passed).toBe(false)
    expect(r.message).toMatch(/misstated P&L/)
  })
})

describe('expected shortfall', () => {
  it('passes when ES ≥ VaR everywhere; counts rows where it is below', () => {
    expect(expectedShortfall.evaluate(handWorked(), {})).toMatchObject({ passed: true, figure: 0 })
    expect(expectedShortfall.evaluate(handWorked({ es: 0.01 }), {})).toMatchObject({ passed: false, figure: 300 })
    expect(expectedShortfall.evaluate(handWorked({ es: Number.NaN }), {})).toMatchObject({ passed: false, figure: 300 })
  })
})
