import { CNY_PER_UNIT, type PublishedAggregate, TYPOLOGIES, amlAlerts, defineScenario, rowRanges, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'
import { reportsOf } from './large-value.js'
import { DEFAULT_NETWORK, type Finding, findNetworkPatterns } from './network.js'
import { type Stream, streamOf } from './stream.js'
import { DEFAULT_STRUCTURING, findStructuring } from './structuring.js'
import { suppressDifferencing } from './suppress.js'

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

/** Cells counting fewer records are suppressed before publication (the privacy pack's k). */
const MIN_CELL = 10

export default defineScenario({
  id: 'bund/aml-monitoring',
  version: '1.0.0',
  title: 'Anti-money-laundering transaction monitoring',
  description:
    'Monitors a month of payments for laundering: network features of the transfer graph find fan-out, fan-in, cycles, scatter-gather and gather-scatter; a threshold rule finds structuring just below the reporting limits; every large-value transaction is reported under PBOC Order [2016] No. 3. The rules are back-tested on the labelled earlier half of the month.',
  category: 'aml',
  datasets: { payments: { kind: 'transactions', rows: 50_000, trainingRows: 50_000, options: { launderingRate: 0.01 } } },
  result: 'aml-alerts',
  params: withJsonSchema(
    z.object({
      /** Fewest distinct counterparties in a fan-out or fan-in burst. */
      fan: z._default(z.int().check(z.gte(2), z.lte(20)), 3),
      /** Longest span of a burst or cycle, in days. */
      days: z._default(z.number().check(z.gte(1), z.lte(30)), 10),
      /** Largest ratio between the biggest and smallest amount of a burst. */
      spread: z._default(z.number().check(z.gte(1), z.lte(10)), 2),
      /** Least share of the previous hop's amount a cycle's next hop passes on. */
      passOn: z._default(z.number().check(z.gte(0.5), z.lte(1)), 0.93),
      /** Lower edge of "just below a threshold", as a share of it. */
      below: z._default(z.number().check(z.gte(0.5), z.lte(0.99)), 0.8),
    }),
    z.toJSONSchema,
  ),
  run(ctx) {
    const training = ctx.training.payments
    const payments = ctx.data.payments
    const usd = CNY_PER_UNIT['USD']!
    ctx.progress(0, 'building the transfer graph')
    // The earlier, labelled days and the monitored days, as one stream.
    const stream = streamOf([training, payments], CNY_PER_UNIT)
    const { fan, days, spread, passOn, below } = ctx.params
    const findings = [...findNetworkPatterns(stream, { ...DEFAULT_NETWORK, fan, spread, days, passOn }), ...findStructuring(stream, usd, { ...DEFAULT_STRUCTURING, below })]
    ctx.progress(0.6, 'filing alerts and reports')

    const out = amlAlerts()
    // Aggregate members: evaluation rows by suspected typology and by report category.
    const alertedByTypology = new Map<string, number[]>()
    const add = (by: Map<string, number[]>, key: string, row: number) => {
      const rows = by.get(key)
      if (rows === undefined) by.set(key, [row])
      else rows.push(row)
    }
    for (const f of findings) {
      const monitored = f.transactions.filter((i) => i >= stream.firstEvaluation)
      if (monitored.length === 0) continue
      out.alert({ transactionIds: monitored.map((i) => stream.id[i]!), typology: f.typology, reason: f.reason, score: f.score })
      for (const i of monitored) add(alertedByTypology, f.typology, i - stream.firstEvaluation)
    }
    const reportsByCategory = new Map<string, number[]>()
    const required = reportsOf(payments)
    const ids = payments.column('id')
    for (let i = 0; i < payments.rows; i++) {
      for (const category of required[i]!) {
        out.report(ids[i]!, category)
        add(reportsByCategory, category, i)
      }
    }
    const result = out.build()
    result.aggregates = [
      counts('alerted transactions by suspected typology', 'typology', alertedByTypology),
      counts('large-value reports by category', 'category', reportsByCategory),
      backtest(stream, findings, training.column('laundering'), training.column('typology').get.bind(training.column('typology'))),
    ]
    // A typology's alerts and a report category can share most of their transactions.
    suppressDifferencing(result.aggregates, MIN_CELL)
    ctx.log.info(
      `${findings.length} patterns found; ${result.alerts.rows} alerted transactions and ${result.reports.rows} large-value reports over ${payments.rows} monitored transactions`,
    )
    ctx.progress(1, 'done')
    return result
  },
})

/** A one-dimension count aggregate of evaluation rows, with small cells suppressed. */
function counts(name: string, dimension: string, by: Map<string, number[]>): PublishedAggregate {
  return {
    name,
    groupBy: [dimension],
    over: { dataset: 'payments', partition: 'evaluation' },
    cells: [...by]
      .map(([g, members]) => ({ group: [g], rows: rowRanges(members) }))
      .map((c) => ({ ...c, count: c.rows.reduce((n, [start, end]) => n + end - start, 0) }))
      .filter((c) => c.count >= MIN_CELL)
      .sort((a, b) => a.group[0]!.localeCompare(b.group[0]!)),
  }
}

/**
 * The rules' back-test on the training partition, whose labels the scenario may read: per planted
 * typology, the planted transactions and the share some finding named (small cells suppressed).
 * The findings on training rows are no part of the result, so the host cannot recompute recall or
 * the false-alarm rate: both are reported, not cell values.
 */
function backtest(stream: Stream, findings: readonly Finding[], laundering: Uint8Array, typologyOf: (i: number) => string): PublishedAggregate {
  const flagged = new Uint8Array(stream.firstEvaluation)
  for (const f of findings) for (const i of f.transactions) if (i < stream.firstEvaluation) flagged[i] = 1
  const planted = new Map<string, { rows: number[]; caught: number }>(TYPOLOGIES.map((t) => [t, { rows: [], caught: 0 }]))
  let falseAlarms = 0
  const ordinary: number[] = []
  for (let i = 0; i < stream.firstEvaluation; i++) {
    if (laundering[i] !== 1) {
      ordinary.push(i)
      falseAlarms += flagged[i]!
      continue
    }
    const c = planted.get(typologyOf(i))
    if (c === undefined) continue
    c.rows.push(i)
    c.caught += flagged[i]!
  }
  return {
    name: 'back-test on the labelled training partition',
    groupBy: ['typology'],
    over: { dataset: 'payments', partition: 'training' },
    cells: [
      ...[...planted]
        .filter(([, c]) => c.rows.length >= MIN_CELL)
        .map(([t, c]) => ({ group: [t], count: c.rows.length, rows: rowRanges(c.rows), reported: { recall: c.caught / c.rows.length } })),
      { group: ['none'], count: ordinary.length, rows: rowRanges(ordinary), reported: { falseAlarmRate: falseAlarms / ordinary.length } },
    ],
  }
}
