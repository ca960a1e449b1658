/**
 * The dashboard's charts for every result kind, from outputs built with the SDK's own builders and
 * stored the way a run stores them (canonical JSON, buffers as base64), read back as the page does.
 */
import { canonicalJson, fromJsonValue, type Verdict } from '@bund/core'
import { amlAlerts, creditDecisions, marketRisk, riskScores, settlementBatch } from '@bund/sdk'
import { describe, expect, it } from 'vitest'
import type { Publication } from '../../core/dist/model/index.js'
import { type ChartSpec, chartsFor as draw, figureTrends, translator } from '../../core/dist/http/dashboard/index.js'

const en = translator('en')
const zh = translator('zh-CN')
const chartsFor = (output: Record<string, unknown>, verdicts: Verdict[]) => draw(output, verdicts, en)

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
      ['female', 2, 1, '50.0%', '0.5'],
      ['male', 2, 2, '100.0%', '1'],
    ])
    // The same chart in Chinese: every label from the zh-CN catalogue, numbers through Intl.
    const zhApproval = draw(stored(out.build()), [verdict('four-fifths', { attribute: 'gender', groups }, 0.8)], zh).find((c) => c.id === 'approval-gender')!
    expect(zhApproval.title).toBe('按gender划分的批准率')
    expect(zhApproval.y.lines![0]!.label).toBe('五分之四线：0.8 × 最高 = 80.0%')
    expect(zhApproval.table.columns).toEqual(['gender', '申请人', '批准', '批准率', '与最高值之比'])
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

  it('aml-alerts: each typology is held to the recall its own rules require (structuring 80 %, every typology 50 %)', () => {
    const typologies = { structuring: { planted: 10, alerted: 9, recall: 0.9 }, 'fan-out': { planted: 20, alerted: 12, recall: 0.6 } }
    const recall = (rule: string, threshold: number): Verdict => ({ ...verdict('typology-recall', { typologies }, threshold), rule })
    const charts = chartsFor(stored(amlAlerts().build()), [recall('aml-reporting/structuring-recall', 0.8), recall('aml-reporting/typology-recall', 0.5)])
    const chart = byId(charts, 'typology-recall')
    expect(chart.y.lines ?? []).toEqual([]) // no single line across every typology
    expect(chart.labels).toEqual(['structuring', 'fan-out'])
    expect(chart.series[1]).toMatchObject({ kind: 'marker', data: [0.8, 0.5] })
    expect(chart.table.rows[0]![4]).toBe('aml-reporting/structuring-recall: 80%; aml-reporting/typology-recall: 50%')
    expect(chart.table.rows[1]![4]).toBe('aml-reporting/typology-recall: 50%')
  })

  it('figures across publications: one series per seed over versions, never a line across seeds; no chart for pass/fail rules', () => {
    const pub = (seed: number, version: string, at: string, figure: number): Publication =>
      ({
        id: `pub_${seed}_${version}`,
        seed,
        version,
        publishedAt: at,
        verdicts: [
          { ...verdict('auc', {}, 0.65), rule: 'model-validation/auc', figure },
          { ...verdict('output-schema', {}, 0), rule: 'operational/output-schema', figure: 0 },
        ],
      }) as unknown as Publication
    const charts = figureTrends([pub(1, '1.0.0', '2026-01-01', 0.7), pub(2, '1.0.0', '2026-01-02', 0.8), pub(1, '1.1.0', '2026-01-03', 0.75)], en)
    expect(charts.map((c) => c.id)).toEqual(['trend-model-validation-auc'])
    const [auc] = charts
    expect(auc!.labels).toEqual(['1.0.0', '1.1.0'])
    expect(auc!.series.map((s) => [s.label, s.data])).toEqual([
      ['seed 1', [0.7, 0.75]],
      ['seed 2', [0.8, null]],
    ])
    expect(auc!.y.lines).toEqual([{ value: 0.65, label: 'threshold 0.650' }])
  })

  it('draws nothing for a kind it does not know', () => {
    expect(chartsFor({ kind: 'something-else' }, [])).toEqual([])
  })
})
