import { acerbiSzekelyZ2, baselTrafficLight, chiSquare1PValue, dieboldMariano, esBacktest, kupiecPof, marketForecasts, quantileLoss, quantileScore, sampleQuantile, trafficLight, varBacktest, zoneLimits } from '@bund/core'
import { marketRisk, tableBuilder } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

const BASEL = { confidence: 0.99, horizonDays: 1, windowDays: 250 } as const

describe("Kupiec's proportion-of-failures test", () => {
  it('10 exceptions in 250 days at 99 %: LR = 12.955 (hand-computed), p ≈ 0.0003, red zone', () => {
    // −2[240 ln 0.99 + 10 ln 0.01] + 2[240 ln 0.96 + 10 ln 0.04] = 96.9276 − 83.9721
    expect(kupiecPof(250, 10, 0.01)).toBeCloseTo(12.955491, 5)
    expect(chiSquare1PValue(12.955491)).toBeCloseTo(0.000319, 5)
    expect(chiSquare1PValue(3.841459)).toBeCloseTo(0.05, 6)
    expect(kupiecPof(100, 1, 0.01)).toBe(0)
    expect(kupiecPof(500, 5, 0.01)).toBe(0)
  })

  it('Basel zones at 250 days, 99 %: P(X ≤ 4) = 0.8922 < 95 % ≤ P(X ≤ 5) = 0.9588; P(X ≤ 9) = 0.99975 < 99.99 % ≤ P(X ≤ 10)', () => {
    expect(zoneLimits(250, 0.01)).toEqual({ greenMax: 4, yellowMax: 9 })
    expect([4, 5, 9, 10].map((x) => trafficLight(250, x, 0.01))).toEqual(['green', 'yellow', 'yellow', 'red'])
  })

  it('Acerbi–Székely Z2 by hand: 2 exceptions of −5 % in 100 days at α = 1 %, ES 4 %: 1 − 0.1 / 0.04 = −1.5', () => {
    const realised = Array.from({ length: 100 }, (_, t) => (t === 10 || t === 60 ? -0.05 : 0.001))
    expect(acerbiSzekelyZ2(realised, Array(100).fill(0.02), Array(100).fill(0.04), 0.01)).toBeCloseTo(-1.5, 12)
  })
})

/**
 * 260 evaluation days (days 100–359) after one training day (99) of two instruments, priced so that
 * AAA's simple return is −5 % and BBB's −4 % on five days (offsets 51, 103, 155, 207, 259), +0.1 %
 * and +0.05 % otherwise. Portfolio P holds half of each: −4.5 % on those days. A flat 2 % VaR is
 * exceeded 5 times by every series, all five in the last 250 days.
 */
const EVAL_DAYS = 260
const isHit = (o: number) => o % 52 === 51
const retA = (o: number) => (isHit(o) ? -0.05 : 0.001)
const retB = (o: number) => (isHit(o) ? -0.04 : 0.0005)

function prices(): { training: ReturnType<ReturnType<typeof tableBuilder>['build']>; evaluation: ReturnType<ReturnType<typeof tableBuilder>['build']> } {
  const cols = { day: 'u32', date: 'dict', instrument: 'dict', price: 'f64', logReturn: 'f64' } as const
  const train = tableBuilder(cols, 2)
  const ev = tableBuilder(cols, EVAL_DAYS * 2)
  const last = { AAA: 100, BBB: 50 }
  for (const [k, name] of (['AAA', 'BBB'] as const).entries()) {
    train.columns.day[k] = 99
    train.columns.date.set(k, 'd99')
    train.columns.instrument.set(k, name)
    train.columns.price[k] = last[name]
  }
  for (let o = 0; o < EVAL_DAYS; o++) {
    for (const [k, name] of (['AAA', 'BBB'] as const).entries()) {
      const i = o * 2 + k
      const r = name === 'AAA' ? retA(o) : retB(o)
      const p = last[name] * (1 + r)
      ev.columns.day[i] = 100 + o
      ev.columns.date.set(i, `d${100 + o}`)
      ev.columns.instrument.set(i, name)
      ev.columns.price[i] = p
      ev.columns.logReturn[i] = Math.log(1 + r)
      last[name] = p
    }
  }
  return { training: train.build(), evaluation: ev.build() }
}

interface Variant {
  es?: number
  confidence?: number
  duplicate?: boolean
  negativeVar?: boolean
  nanVar?: boolean
  logPnl?: boolean
  weights?: Record<string, number>
  days?: number
}

function handWorked(v: Variant = {}) {
  const days = v.days ?? EVAL_DAYS
  const rows = days * 3 + (v.duplicate ? 1 : 0)
  const out = marketRisk(rows)
  const es = v.es ?? 0.03
  for (let o = 0; o < days; o++) {
    const day = 100 + EVAL_DAYS - days + o
    const off = day - 100
    const pnlP = v.logPnl ? 0.5 * Math.log(1 + retA(off)) + 0.5 * Math.log(1 + retB(off)) : 0.5 * retA(off) + 0.5 * retB(off)
    out.set(o * 3, { day, series: 'AAA', var: v.negativeVar && o === 3 ? -0.01 : v.nanVar && o === 4 ? Number.NaN : 0.02, es, pnl: retA(off) })
    out.set(o * 3 + 1, { day, series: 'BBB', var: 0.02, es, pnl: retB(off) })
    out.set(o * 3 + 2, { day, series: 'P', var: 0.02, es, pnl: pnlP })
  }
  // A padding row: the same (series, day) again, a loss-free day that would dilute the exceptions.
  if (v.duplicate) out.set(rows - 1, { day: 100, series: 'AAA', var: 0.02, es, pnl: retA(0) })
  const { training, evaluation } = prices()
  return checkInput('market-risk', out.build(v.confidence ?? 0.99, { P: v.weights ?? { AAA: 0.5, BBB: 0.5 } }), { prices: dataset('market-series', evaluation, { training }) })
}

describe('market-risk/forecasts', () => {
  it('passes well-formed forecasts', () => {
    expect(marketForecasts.evaluate(handWorked(), BASEL)).toMatchObject({ passed: true, figure: 0 })
  })

  it('refuses a confidence the pack does not backtest, duplicate rows, negative or non-finite VaR, ES below VaR', () => {
    expect(marketForecasts.evaluate(handWorked({ confidence: 0.95 }), BASEL)).toMatchObject({ passed: false, figure: 1, message: expect.stringMatching(/confidence declared 0.95/) })
    expect(marketForecasts.evaluate(handWorked({ duplicate: true }), BASEL)).toMatchObject({ passed: false, figure: 1, evidence: { duplicateRows: 1 } })
    expect(marketForecasts.evaluate(handWorked({ negativeVar: true }), BASEL)).toMatchObject({ passed: false, evidence: { invalidVar: 1 } })
    // NaN VaR: invalid VaR and, as ES ≥ NaN is false, invalid ES on that row too.
    expect(marketForecasts.evaluate(handWorked({ nanVar: true }), BASEL)).toMatchObject({ passed: false, figure: 2, evidence: { invalidVar: 1, invalidEs: 1 } })
    expect(marketForecasts.evaluate(handWorked({ es: 0.01 }), BASEL)).toMatchObject({ passed: false, figure: 780, evidence: { invalidEs: 780 } })
  })

  it('refuses empty, all-zero and unknown exposures', () => {
    for (const weights of [{}, { AAA: 0, BBB: 0 }, { AAA: 1, ZZZ: 1 }] as Array<Record<string, number>>) {
      expect(marketForecasts.evaluate(handWorked({ weights }), BASEL)).toMatchObject({ passed: false, evidence: { badPortfolios: ['P'] } })
    }
  })

  it('computes a portfolio P&L as the weighted sum of simple returns: a weighted sum of log returns is misstated on all 260 days', () => {
    expect(marketForecasts.evaluate(handWorked({ logPnl: true }), BASEL)).toMatchObject({ passed: false, figure: 260, evidence: { misstatedPnl: 260 } })
  })

  it('needs the 250-day window: 249 days of forecasts are too few (and leave 11 days unforecast per series)', () => {
    const r = marketForecasts.evaluate(handWorked({ days: 249 }), BASEL)
    expect(r).toMatchObject({ passed: false, evidence: { shortSeries: ['AAA', 'BBB', 'P'], missingDays: 33 } })
    expect(r.figure).toBe(36)
  })
})

describe('market-risk/var-backtest and the traffic light', () => {
  it('Kupiec over every day at the pack’s 99 %: 5 exceptions in 260 days, LR = 1.7617 (hand-computed) ≤ 3.841', () => {
    const r = varBacktest.evaluate(handWorked(), { confidence: 0.99, windowDays: 250, critical: 3.841 })
    expect(r.passed).toBe(true)
    expect(r.figure).toBeCloseTo(1.7617121722, 8)
    expect((r.evidence as { series: Array<{ exceptions: number; trafficLight: string }> }).series.map((s) => [s.exceptions, s.trafficLight])).toEqual([
      [5, 'yellow'],
      [5, 'yellow'],
      [5, 'yellow'],
    ])
  })

  it('backtests at 99 % even when the output declares 95 %, and is not evaluable on malformed forecasts', () => {
    // Declared 95 %: the backtest still counts against 1 %, and market-risk/forecasts holds it.
    expect(varBacktest.evaluate(handWorked({ confidence: 0.95 }), { confidence: 0.99, windowDays: 250, critical: 3.841 }).figure).toBeCloseTo(1.7617121722, 8)
    expect(() => varBacktest.evaluate(handWorked({ duplicate: true }), { confidence: 0.99, windowDays: 250, critical: 3.841 })).toThrow(/1 duplicate \(series, day\) rows/)
  })

  it('traffic light: 5 exceptions in the last 250 days is yellow — warns from yellow, passes the red rule', () => {
    expect(baselTrafficLight.evaluate(handWorked(), { confidence: 0.99, windowDays: 250, failFrom: 'yellow' })).toMatchObject({ passed: false, figure: 5, threshold: 4 })
    expect(baselTrafficLight.evaluate(handWorked(), { confidence: 0.99, windowDays: 250, failFrom: 'red' })).toMatchObject({ passed: true, figure: 5, threshold: 9 })
  })
})

describe('market-risk/es-backtest (Acerbi–Székely Z2)', () => {
  it('ES 3 %: AAA Z2 = 1 − 5·0.05 / (260·0.01·0.03) = −2.2051 < −1.8, held; ES 6 %: −0.6026, passes', () => {
    const held = esBacktest.evaluate(handWorked({ es: 0.03 }), { confidence: 0.99, critical: -1.8 })
    expect(held.passed).toBe(false)
    expect(held.figure).toBeCloseTo(1 - 0.25 / 0.078, 10)
    const z = (held.evidence as { series: Array<{ series: string; z2: number }> }).series
    expect(z.find((s) => s.series === 'P')!.z2).toBeCloseTo(1 - 0.225 / 0.078, 10)
    expect(z.find((s) => s.series === 'BBB')!.z2).toBeCloseTo(1 - 0.2 / 0.078, 10)
    const ok = esBacktest.evaluate(handWorked({ es: 0.06 }), { confidence: 0.99, critical: -1.8 })
    expect(ok.passed).toBe(true)
    expect(ok.figure).toBeCloseTo(1 - 0.25 / 0.156, 10)
  })
})

describe('market-risk/quantile-score', () => {
  it('the quantile loss by hand: a −5 % day against a 2 % VaR at 1 % costs 0.03 · 0.99 = 0.0297; a +0.1 % day 0.021 · 0.01 = 0.00021', () => {
    expect(quantileLoss(-0.05, -0.02, 0.01)).toBeCloseTo(0.0297, 15)
    expect(quantileLoss(0.001, -0.02, 0.01)).toBeCloseTo(0.00021, 15)
  })

  it('reads the benchmark quantile as type 6: of 1…10 at 20 %, the 2.2nd smallest = 2.2', () => {
    expect(sampleQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.2)).toBeCloseTo(2.2, 12)
    expect(sampleQuantile([1, 2, 3], 0.01)).toBe(1)
  })

  it('Diebold–Mariano by hand: d = 2, 0, 2, 0 (lag 1): mean 1, γ0 = 1, γ1 = −0.75, variance 1 − 0.75 = 0.25, statistic 1 / √(0.25 / 4) = 4', () => {
    expect(dieboldMariano([2, 0, 2, 0])).toBeCloseTo(4, 12)
    expect(dieboldMariano([0.5, 0.5, 0.5])).toBe(0)
  })

  it('needs 250 days of P&L before the days it scores: one training price (no return yet) leaves 10 of 260 days scored, not evaluable', () => {
    expect(() => quantileScore.evaluate(handWorked(), { confidence: 0.99, windowDays: 250, critical: 2.326 })).toThrow(/has 0 days of P&L before its first forecast, fewer than the 250/)
  })
})
