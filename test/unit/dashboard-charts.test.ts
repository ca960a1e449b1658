/**
 * The dashboard's charts for every result kind, from outputs built with the SDK's own builders and
 * stored the way a run stores them (canonical JSON, buffers as base64), read back as the page does.
 */
import { canonicalJson, fromJsonValue, type Verdict } from '@bund/core'
import { amlAlerts, creditDecisions, marketRisk, riskScores, settlementBatch } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import { type ChartSpec, chartsFor } from '../../core/dist/http/dashboard/index.js'

const stored = (output: unknown) => fromJsonValue(JSON.parse(canonicalJson(output))) as Record<string, unknown>
const byId = (charts: ChartSpec[], id: string) => {
  const chart = charts.find((c) => c.id === id)
  expect(chart, `chart ${id} among ${charts.map((c) => c.id).join(', ')}`).toBeDefined()
  return chart!
}
const verdict = (check: string, evidence: Record<string, unknown>, threshold: number | null = null): Verdict => ({
  rule: `test/${check}`,
  title: check,
  check,
  citation: '',
  severity: 'block',
  status: 'pass',
  figure: null,
  threshold,
  message: '',
  evidence,
})

describe('dashboard charts', () => {
  it('credit-decisions: approval rate per group against the four-fifths line, scores, reasons', () => {
    const out = creditDecisions(4)
    out.set(0, { applicantId: 1, approved: true, score: 0.1, apr: 0.05 })
    out.set(1, { applicantId: 2, approved: true, score: 0.2, apr: 0.06 })
    out.set(2, { applicantId: 3, approved: false, score: 0.7, reasons: ['DELINQUENCY'] })
    out.set(3, { applicantId: 4, approved: false, score: 0.9, reasons: ['DELINQUENCY', 'INCOME_INSUFFICIENT'] })
    const groups = { female: { applicants: 2, approved: 1, rate: 0.5 }, male: { applicants: 2, approved: 2, rate: 1 } }
    const charts = chartsFor(stored(out.build()), [
      verdict('four-fifths', { attribute: 'gender', groups }, 0.8),
      verdict('adverse-action-reasons', { reasonCounts: { DELINQUENCY: 2, INCOME_INSUFFICIENT: 1 } }),
    ])
    const approval = byId(charts, 'approval-gender')
    expect(approval.labels).toEqual(['female', 'male'])
    expect(approval.series[0]!.data).toEqual([0.5, 1])
    expect(approval.y.lines).toEqual([{ value: 0.8, label: 'four-fifths line: 0.8 × highest = 80.0%' }])
    expect(approval.table.rows).toEqual([
      ['female', 2, 1, '50.0%', '0.500'],
      ['male', 2, 2, '100.0%', '1.000'],
    ])
    const scores = byId(charts, 'score-distribution')
    const sum = (data: ChartSpec['series'][number]['data']) => (data as number[]).reduce((a, b) => a + b, 0)
    expect([sum(scores.series[0]!.data), sum(scores.series[1]!.data)]).toEqual([2, 2])
    expect(byId(charts, 'adverse-action-reasons').labels).toEqual(['DELINQUENCY', 'INCOME_INSUFFICIENT'])
  })

  it('risk-scores: calibration from the check, evaluation against training distribution from the output, ROC when reported', () => {
    const out = riskScores(3, 2)
    out.scores.set(0, 1, 0.02).set(1, 2, 0.5).set(2, 3, 0.97)
    out.training.set(0, 10, 0.03).set(1, 11, 0.04)
    const bins = [
      { from: 0, to: 0.5, count: 1, meanScore: 0.02, defaultRate: 0 },
      { from: 0.5, to: 1, count: 2, meanScore: 0.735, defaultRate: 0.5 },
    ]
    const charts = chartsFor(stored(out.build({ name: 'm', features: ['x'] })), [
      verdict('calibration-ece', { bins }),
      verdict('auc', { roc: [{ fpr: 0, tpr: 0 }, { fpr: 0.5, tpr: 0.9 }, { fpr: 1, tpr: 1 }] }),
    ])
    expect(byId(charts, 'calibration').series[0]!.data).toEqual([{ x: 0.02, y: 0 }, { x: 0.735, y: 0.5 }])
    expect(byId(charts, 'roc').series[0]!.data).toEqual([{ x: 0, y: 0 }, { x: 0.5, y: 0.9 }, { x: 1, y: 1 }])
    const dist = byId(charts, 'score-distribution')
    expect(dist.series.map((s) => s.label)).toEqual(['evaluation', 'training'])
    expect((dist.series[1]!.data as number[])[0]).toBe(1) // both training scores are below 0.05
  })

  it('aml-alerts: alerts counted per case, not per transaction; reports by category', () => {
    const out = amlAlerts()
    out.alert({ transactionIds: [1, 2, 3], typology: 'fan-out', reason: 'one payer, many payees' })
    out.alert({ transactionIds: [4], typology: 'fan-out', reason: 'again' })
    out.alert({ transactionIds: [5, 6], typology: 'cycle', reason: 'money returns' })
    out.report(7, 'cash').report(8, 'cash').report(9, 'entity-transfer')
    const charts = chartsFor(stored(out.build()), [])
    expect(byId(charts, 'alerts-by-typology').table.rows).toEqual([
      ['fan-out', 2, 4],
      ['cycle', 1, 2],
    ])
    expect(byId(charts, 'large-value-reports').table.rows).toEqual([
      ['cash', 2],
      ['entity-transfer', 1],
    ])
  })

  it('settlement-batch: balances, flows by participant, outcomes by reason', () => {
    const out = settlementBatch()
      .settle(0, 'E1', [
        ['A', -100, 900],
        ['B', 100, 1100],
      ])
      .reject(1, 'E2', 'AM04')
    const batch = out.build([
      { participant: 'A', currency: 'CNY', opening: 1000, closing: 900 },
      { participant: 'B', currency: 'CNY', opening: 1000, closing: 1100 },
    ])
    const charts = chartsFor(stored(batch), [])
    expect(byId(charts, 'balances').table.rows).toEqual([
      ['A', 1000, 900, -100],
      ['B', 1000, 1100, 100],
    ])
    expect(byId(charts, 'flows').table.rows).toEqual([
      ['A', 100, 0, -100],
      ['B', 0, 100, 100],
    ])
    expect(byId(charts, 'outcomes').table.rows).toEqual([
      ['settled', 1],
      ['rejected: AM04', 1],
    ])
  })

  it('market-risk: VaR against realised loss with the exceptions marked, and the backtest', () => {
    const out = marketRisk(3)
    out.set(0, { day: 1, series: 'book', var: 0.02, es: 0.03, pnl: -0.01 })
    out.set(1, { day: 2, series: 'book', var: 0.02, es: 0.03, pnl: -0.05 })
    out.set(2, { day: 3, series: 'book', var: 0.02, es: 0.03, pnl: 0.01 })
    const charts = chartsFor(stored(out.build(0.99, { book: { X: 1 } })), [
      verdict('var-backtest', { series: [{ series: 'book', days: 3, exceptions: 1, expected: 0.03, trafficLight: 'green' }] }),
    ])
    const v = byId(charts, 'var-book')
    expect(v.description).toContain('1 of 3 days lost more than the forecast')
    expect(v.series[2]!.data).toEqual([{ x: 2, y: 0.05 }])
    expect(byId(charts, 'var-backtest').table.rows).toEqual([['book', 3, 1, 0.03, 'green']])
  })

  it('draws nothing for a kind it does not know', () => {
    expect(chartsFor({ kind: 'something-else' }, [])).toEqual([])
  })
})
