/**
 * An aml-alerts scenario: transaction monitoring with three transparent rules, and the large-value
 * reports the regulation requires.
 *
 * - fan-out / fan-in: an account that pays, or is paid by, many different accounts within a few days,
 *   20,000 CNY or more in all;
 * - pass-through: an account that forwards most of a transfer it received within a few days (the
 *   links of cycles and of money routed through mules);
 * - structuring: repeated cash deposits or cross-border transfers just below a reporting threshold.
 *
 * Bund scores the alerts against the laundering patterns it planted in the data and kept back
 * (recall per typology and overall; precision is reported as a warning), and checks that every
 * transaction above a large-value threshold was reported under the right category.
 */
// CNY_PER_UNIT: the exchange rates of the synthetic data, which the host converts with too.
import { CNY_PER_UNIT, REPORTING_THRESHOLDS, type StringColumn, amlAlerts, defineScenario, requiredLargeValueReports, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

const DAY_MS = 86_400_000

export default defineScenario({
  id: 'template-org/aml-template',
  version: '0.1.0',
  title: 'Transaction monitoring',
  description: 'Rule-based anti-money-laundering monitoring (fan-out, fan-in, pass-through, structuring) with large-value reports.',
  category: 'aml',
  // A laundering rate well above real life, so every typology is present even in a small sample.
  datasets: { transactions: { kind: 'transactions', rows: 5_000, options: { launderingRate: 0.02 } } },
  result: 'aml-alerts',
  params: withJsonSchema(
    z.object({
      /** Distinct counterparties within `windowDays` that make a fan-out or fan-in. */
      fanCounterparties: z._default(z.int().check(z.gte(2), z.lte(50)), 3),
      windowDays: z._default(z.number().check(z.gte(0.5), z.lte(30)), 10),
    }),
    z.toJSONSchema,
  ),
  run(ctx) {
    const tx = ctx.data.transactions
    const id = tx.column('id')
    const time = tx.column('timestamp')
    const amount = tx.column('amount')
    const type = tx.column('type')
    const currency = tx.column('currency')
    const from = tx.column('fromAccount')
    const to = tx.column('toAccount')
    const window = ctx.params.windowDays * DAY_MS
    const cny = (i: number) => amount[i]! * (CNY_PER_UNIT[currency.get(i)] ?? 1)
    const is = (column: StringColumn, value: string) => {
      const code = column.codeOf(value)
      return (i: number) => column.codes[i] === code
    }
    const transfer = is(type, 'transfer')
    const out = amlAlerts()

    /** Rows grouped by an account column, in time order (the data is sorted by time). */
    const byAccount = (account: ArrayLike<number>, keep: (i: number) => boolean) => {
      const groups = new Map<number, number[]>()
      for (let i = 0; i < tx.rows; i++) if (keep(i)) groups.set(account[i]!, [...(groups.get(account[i]!) ?? []), i])
      return groups
    }

    // Fan-out and fan-in: many distinct counterparties within the window.
    for (const [typology, account, counterparty] of [['fan-out', from, to], ['fan-in', to, from]] as const) {
      for (const rows of byAccount(account, transfer).values()) {
        let start = 0
        for (let end = 0; end < rows.length; end++) {
          while (time[rows[end]!]! - time[rows[start]!]! > window) start++
          const burst = rows.slice(start, end + 1)
          // Many counterparties moving a sizeable sum: small bursts are everyday payments.
          if (new Set(burst.map((i) => counterparty[i])).size >= ctx.params.fanCounterparties && burst.reduce((sum, i) => sum + cny(i), 0) >= 20_000) {
            out.alert({ transactionIds: burst.map((i) => id[i]!), typology, reason: `${burst.length} transfers with distinct counterparties within ${ctx.params.windowDays} days`, score: burst.length })
            start = end + 1
          }
        }
      }
    }

    // Pass-through: a transfer received and 90–100 % of it sent on within the window.
    const sent = byAccount(from, transfer)
    for (let i = 0; i < tx.rows; i++) {
      if (!transfer(i)) continue
      const onward = sent.get(to[i]!)?.find((j) => time[j]! > time[i]! && time[j]! - time[i]! <= window && amount[j]! >= 0.9 * amount[i]! && amount[j]! <= amount[i]!)
      if (onward !== undefined) out.alert({ transactionIds: [id[i]!, id[onward]!], typology: 'cycle', reason: 'funds passed straight through the account', score: amount[onward]! / amount[i]! })
    }

    // Structuring: two or more deposits (or cross-border transfers) within 20 % below a threshold
    // (launderers vary their amounts, so a narrow band misses many).
    const cashIn = is(type, 'cash-in')
    const crossBorder = is(type, 'cross-border')
    const usd = currency.codeOf('USD')
    const justBelow = (value: number, limit: number) => value >= 0.8 * limit && value < limit
    const deposits = byAccount(to, (i) => cashIn(i) && justBelow(cny(i), REPORTING_THRESHOLDS.cashCny))
    const wires = byAccount(from, (i) => crossBorder(i) && currency.codes[i] === usd && justBelow(amount[i]!, REPORTING_THRESHOLDS.personCrossBorderUsd))
    for (const rows of [...deposits.values(), ...wires.values()]) {
      if (rows.length >= 2) out.alert({ transactionIds: rows.map((i) => id[i]!), typology: 'structuring', reason: `${rows.length} amounts just below a reporting threshold`, score: rows.length })
    }

    // Large-value reports (PBOC Order No. 3 [2016], art. 5) by the SDK's one definition: single or
    // same-day totals per customer, CNY thresholds for CNY, USD equivalents for foreign currency.
    const fromEntity = tx.column('fromEntity')
    const toEntity = tx.column('toEntity')
    const fromCountry = tx.column('fromCountry')
    const toCountry = tx.column('toCountry')
    const required = requiredLargeValueReports(tx.rows, (i) => ({
      account: cashIn(i) ? to[i]! : from[i]!,
      timestamp: time[i]!,
      type: type.get(i),
      amount: amount[i]!,
      currency: currency.get(i),
      fromEntity: fromEntity.get(i),
      toEntity: toEntity.get(i),
      fromCountry: fromCountry.get(i),
      toCountry: toCountry.get(i),
    }))
    let reports = 0
    for (let i = 0; i < tx.rows; i++) {
      for (const category of required[i]!) out.report(id[i]!, category)
      reports += required[i]!.length
    }

    ctx.log.info(`${reports} large-value reports filed`)
    return out.build()
  },
})
