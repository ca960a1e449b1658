/**
 * Structuring (smurfing): one customer's repeated transactions just below a reporting threshold —
 * here at least `count` transactions within `below`–100% of a threshold that applies to them, inside
 * `days` days. Each such customer is one alert over those transactions.
 */
import { thresholdsOf } from './large-value.js'
import type { Finding } from './network.js'
import { type Stream, TYPE } from './stream.js'

const DAY_MS = 86_400_000

export interface StructuringOptions {
  /** Lower edge of "just below", as a share of the threshold. */
  below: number
  count: number
  days: number
}

export const DEFAULT_STRUCTURING: StructuringOptions = { below: 0.8, count: 2, days: 10 }

/** The customer's side: the credited account of a cash deposit, the paying account otherwise. */
const customerOf = (s: Stream, i: number) => (s.type[i] === TYPE.cashIn ? s.to[i]! : s.from[i]!)

export function findStructuring(s: Stream, usdRate: number, o: StructuringOptions = DEFAULT_STRUCTURING): Finding[] {
  // Near-threshold transactions by customer, in time order.
  const byCustomer = new Map<number, number[]>()
  for (let i = 0; i < s.rows; i++) {
    const near = thresholdsOf(s, i, usdRate).some((t) => s.cny[i]! >= o.below * t.cny && s.cny[i]! < t.cny)
    if (!near) continue
    const c = customerOf(s, i)
    let list = byCustomer.get(c)
    if (list === undefined) byCustomer.set(c, (list = []))
    list.push(i)
  }
  const findings: Finding[] = []
  for (const [customer, list] of byCustomer) {
    if (list.length < o.count) continue
    const flagged = new Set<number>()
    for (let a = 0, b = 0; b < list.length; b++) {
      while (s.time[list[b]!]! - s.time[list[a]!]! > o.days * DAY_MS) a++
      if (b - a + 1 >= o.count) for (let k = a; k <= b; k++) flagged.add(list[k]!)
    }
    if (flagged.size === 0) continue
    const members = [...flagged].sort((x, y) => x - y)
    findings.push({
      typology: 'structuring',
      transactions: members,
      reason: `${members.length} transactions within ${Math.round(o.below * 100)}–100% of a reporting threshold by account ${customer} within ${o.days} days`,
      score: 1 - 1 / members.length,
    })
  }
  return findings
}
