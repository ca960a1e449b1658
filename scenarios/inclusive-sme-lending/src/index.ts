import { type PublishedAggregate, SME_LOANS, type Table, creditDecisions, defineScenario, rowRanges, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'
import { type Feature, fit, score, topReasons } from './model.js'

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

/**
 * The cash-flow inputs of the scorecard. Collateral is deliberately not among them (a firm without
 * property is judged on its trading, not declined for want of security), nor are sector (a proxy
 * for region: farms are mostly rural), region or the owner's gender.
 */
function features(t: Table<typeof SME_LOANS>): Feature[] {
  const turnover = t.column('annualTurnover')
  const years = t.column('yearsTrading')
  const late = t.column('lateInvoiceShare')
  const amount = t.column('requestedAmount')
  const term = t.column('termMonths')
  const column = (f: (i: number) => number) => Float64Array.from({ length: t.rows }, (_, i) => f(i))
  return [
    { name: 'annual turnover (log)', reason: 'CASH_FLOW_WEAK', values: column((i) => -Math.log(turnover[i]!)) },
    { name: 'years trading (log)', reason: 'TRADING_HISTORY_SHORT', values: column((i) => -Math.log1p(years[i]!)) },
    { name: 'share of invoices paid late', reason: 'DELINQUENCY', values: Float64Array.from(late) },
    { name: 'amount to turnover', reason: 'AMOUNT_TOO_HIGH', values: column((i) => amount[i]! / turnover[i]!) },
    { name: 'term (years)', reason: 'AMOUNT_TOO_HIGH', values: column((i) => term[i]! / 12) },
  ]
}

/** The one-year Loan Prime Rate the pricing starts from. */
const LPR_1Y = 0.03
/** A thin file: under two years of trading, the usual bank minimum. */
const THIN_FILE_YEARS = 2
/** Cells counting fewer firms are suppressed before publication (the privacy pack's k). */
const MIN_CELL = 10

export default defineScenario({
  id: 'bund/inclusive-sme-lending',
  version: '1.0.0',
  title: 'Inclusive micro-lending to small enterprises',
  description:
    'Micro-loans to small and micro enterprises scored on cash flow — turnover, trading history, late-paid invoices and loan size against turnover — instead of collateral, so thin-file and rural firms without property are served; compared, on the same applicants, with collateral-based lending.',
  category: 'lending',
  datasets: { firms: { kind: 'sme-loans', rows: 8_000, trainingRows: 8_000 } },
  result: 'credit-decisions',
  params: withJsonSchema(
    z.object({
      /** Approve firms whose estimated probability of default is below this. */
      cutoff: z._default(z.number().check(z.gte(0.01), z.lte(0.25)), 0.18),
    }),
    z.toJSONSchema,
  ),
  run(ctx) {
    const train = ctx.training.firms
    const firms = ctx.data.firms
    const { cutoff } = ctx.params
    ctx.progress(0, 'training')
    const card = fit(features(train), train.column('defaulted'))
    ctx.log.info(`trained on ${train.rows} firms: ${card.names.map((n, j) => `${n} ${card.weights[j]!.toFixed(2)}`).join(', ')}`)
    ctx.progress(0.5, 'scoring')
    const { pd, contributions } = score(card, features(firms))
    const ids = firms.column('id')
    const out = creditDecisions(firms.rows)
    const approved = new Uint8Array(firms.rows)
    for (let i = 0; i < firms.rows; i++) {
      const p = pd[i]!
      approved[i] = p < cutoff ? 1 : 0
      out.set(i, {
        applicantId: ids[i]!,
        approved: approved[i] === 1,
        score: p,
        // Risk-based price; PD < cut-off ≤ 0.25 keeps it at most 11.25%, under 4 × LPR.
        apr: approved[i] === 1 ? LPR_1Y + 0.02 + 0.25 * p : Number.NaN,
        reasons: approved[i] === 1 ? [] : topReasons(card, contributions, i, 4),
      })
    }
    const result = out.build({
      name: 'cash-flow micro-loan scorecard',
      method: 'logistic regression on five standardised cash-flow inputs, batch gradient descent (300 steps, L2 1e-3) on the training partition; approve below a PD cut-off; APR = 1-year LPR + 2% + 0.25 × PD',
      features: card.names,
      intendedUse: 'working-capital micro-loans to small and micro enterprises, including thin-file and rural firms without collateral',
      limitations: 'synthetic data; no reject inference; ignores collateral by design, so secured applicants are not priced lower; one cut-off for every sector',
    })
    const trainingPd = score(card, features(train)).pd
    result.aggregates = [inclusion(firms, approved), backtest(train, trainingPd, cutoff, train.column('defaulted'))]
    const rate = approved.reduce((a, b) => a + b, 0) / firms.rows
    ctx.log.info(`approved ${(rate * 100).toFixed(1)}% of ${firms.rows} firms at PD cut-off ${cutoff}`)
    ctx.progress(1, 'done')
    return result
  },
})

/** Collateral-based lending, the comparison: approve when collateral covers the loan and the firm has traded two years. */
function collateralApproves(firms: Table<typeof SME_LOANS>, i: number): boolean {
  return firms.column('collateralValue')[i]! >= firms.column('requestedAmount')[i]! && firms.column('yearsTrading')[i]! >= THIN_FILE_YEARS
}

/**
 * Approval by collateral and file thickness of the evaluated firms, under this scorecard and under
 * collateral-based lending. Region is protected, so the scenario never reads it: the host's
 * fairness verdicts report approval by region.
 */
function inclusion(firms: Table<typeof SME_LOANS>, approved: Uint8Array): PublishedAggregate {
  const collateral = firms.column('collateralValue')
  const years = firms.column('yearsTrading')
  const cells = new Map<string, { group: string[]; rows: number[]; approved: number; collateral: number }>()
  for (let i = 0; i < firms.rows; i++) {
    const group = [collateral[i]! > 0 ? 'collateral' : 'no collateral', years[i]! < THIN_FILE_YEARS ? 'thin file' : 'established']
    const key = group.join('/')
    let c = cells.get(key)
    if (c === undefined) cells.set(key, (c = { group, rows: [], approved: 0, collateral: 0 }))
    c.rows.push(i)
    c.approved += approved[i]!
    if (collateralApproves(firms, i)) c.collateral++
  }
  return {
    name: 'approval by collateral and file thickness: cash-flow scorecard vs collateral-based lending',
    groupBy: ['collateral', 'file'],
    over: { dataset: 'firms', partition: 'evaluation' },
    // The host recomputes the scorecard's approval rate from the decisions; the collateral policy's
    // is a what-if no column holds, so it is reported, not recomputed.
    measures: { approvalRate: { stat: 'mean', result: 'approved' } },
    cells: [...cells.values()]
      .filter((c) => c.rows.length >= MIN_CELL)
      .sort((a, b) => a.group.join().localeCompare(b.group.join()))
      .map((c) => ({ group: c.group, count: c.rows.length, rows: rowRanges(c.rows), values: { approvalRate: c.approved / c.rows.length }, reported: { collateralApprovalRate: c.collateral / c.rows.length } })),
  }
}

/**
 * Both policies replayed on the labelled training firms: per policy and file thickness, the firms approved
 * and the share of them that defaulted (the scorecard's figures are in-sample).
 */
function backtest(train: Table<typeof SME_LOANS>, pd: Float64Array, cutoff: number, defaulted: Uint8Array): PublishedAggregate {
  const years = train.column('yearsTrading')
  const cells = new Map<string, { group: string[]; applicants: number; rows: number[]; defaults: number }>()
  const add = (policy: string, i: number) => {
    const group = [policy, years[i]! < THIN_FILE_YEARS ? 'thin file' : 'established']
    const key = group.join('/')
    let c = cells.get(key)
    if (c === undefined) cells.set(key, (c = { group, applicants: 0, rows: [], defaults: 0 }))
    return c
  }
  for (let i = 0; i < train.rows; i++) {
    for (const [policy, yes] of [
      ['cash-flow scorecard', pd[i]! < cutoff],
      ['collateral-based', collateralApproves(train, i)],
    ] as const) {
      const c = add(policy, i)
      c.applicants++
      if (!yes) continue
      c.rows.push(i)
      c.defaults += defaulted[i]!
    }
  }
  return {
    name: 'back-test on the labelled training firms: approvals and realised default rate by policy',
    groupBy: ['policy', 'file'],
    over: { dataset: 'firms', partition: 'training' },
    // The default rate is the training label's mean over the approved firms (the host recomputes
    // it); the approval rate is a ratio of two counts, the applicants not among the cell's rows.
    measures: { defaultRate: { stat: 'mean', column: 'defaulted' } },
    cells: [...cells.values()]
      .filter((c) => c.rows.length >= MIN_CELL)
      .map((c) => ({ group: c.group, count: c.rows.length, rows: rowRanges(c.rows), values: { defaultRate: c.defaults / c.rows.length }, reported: { approvalRate: c.rows.length / c.applicants } })),
  }
}
