/**
 * Network features of the transfer graph (accounts are nodes, transfers are timed edges):
 * - bursts: an account sending to (fan-out) or receiving from (fan-in) at least `fan` distinct
 *   counterparties within `days` days, in amounts within a factor `spread` of each other that sum
 *   to at least `minTotal` CNY;
 * - cycles: a chain of transfers, each passing on 95–100% of the previous one later in time,
 *   that returns to the account it started from.
 * Bursts that meet are read as the composite typologies: a fan-out whose recipients feed one
 * fan-in is scatter-gather; an account that fans in and then fans out is gather-scatter.
 */
import { type Stream, TYPE } from './stream.js'

const DAY_MS = 86_400_000

/** A suspected pattern: its typology, the stream rows it spans, why, and how strongly. */
export interface Finding {
  typology: string
  /** Stream row indices, ascending. */
  transactions: number[]
  reason: string
  score: number
}

export interface NetworkOptions {
  /** Fewest distinct counterparties in a burst that is part of a composite pattern. */
  fan: number
  /** Fewest distinct counterparties of a fan-out or fan-in alerted on its own (ordinary companies pay a few similar sums often). */
  fanAlone: number
  /** Largest ratio between the biggest and smallest amount of a burst. */
  spread: number
  /** Longest span of a burst or a cycle, in days. */
  days: number
  /** Share of the previous hop's amount that the next hop of a cycle passes on: [low, 1]. */
  passOn: number
  /** Most hops in a cycle. */
  maxCycle: number
  /** Least sum of a burst, in CNY: moving money in bulk is what a burst is suspicious for. */
  minTotal: number
}

export const DEFAULT_NETWORK: NetworkOptions = { fan: 3, fanAlone: 5, spread: 2, days: 10, passOn: 0.93, maxCycle: 8, minTotal: 20_000 }

/** Transfers by account, in time order (compressed rows: account a's are at list[start[a] … start[a+1]]). */
interface Adjacency {
  start: Int32Array
  list: Int32Array
}

function adjacency(s: Stream, transfers: Int32Array, side: Uint32Array, accounts: number): Adjacency {
  const start = new Int32Array(accounts + 2)
  for (const i of transfers) start[side[i]! + 1]!++
  for (let a = 0; a <= accounts; a++) start[a + 1]! += start[a]!
  const fill = start.slice()
  const list = new Int32Array(transfers.length)
  for (const i of transfers) list[fill[side[i]!]!++] = i
  return { start, list }
}

/** One account's burst: the account, the rows, and the counterparties. */
interface Burst {
  account: number
  rows: number[]
  counterparties: Set<number>
}

/** Bursts of each account's transfers on one side (`counterparty` is the other side). */
function bursts(s: Stream, adj: Adjacency, counterparty: Uint32Array, o: NetworkOptions): Burst[] {
  const out: Burst[] = []
  const span = o.days * DAY_MS
  for (let a = 0; a + 1 < adj.start.length; a++) {
    const from = adj.start[a]!
    const to = adj.start[a + 1]!
    if (to - from < o.fan) continue
    const flagged = new Set<number>()
    for (let first = from, last = from; first < to; first++) {
      while (last + 1 < to && s.time[adj.list[last + 1]!]! - s.time[adj.list[first]!]! <= span) last++
      if (last - first + 1 < o.fan) continue
      // Within the window, the largest runs of amounts within `spread` of each other.
      const window = Array.from(adj.list.subarray(first, last + 1)).sort((x, y) => s.cny[x]! - s.cny[y]!)
      for (let lo = 0, hi = 0; hi < window.length; hi++) {
        while (s.cny[window[hi]!]! > o.spread * s.cny[window[lo]!]!) lo++
        if (hi - lo + 1 < o.fan) continue
        const run = window.slice(lo, hi + 1)
        if (run.reduce((sum, i) => sum + s.cny[i]!, 0) < o.minTotal) continue
        if (new Set(run.map((i) => counterparty[i]!)).size >= o.fan) for (const i of run) flagged.add(i)
      }
    }
    if (flagged.size === 0) continue
    const rows = [...flagged].sort((x, y) => x - y)
    out.push({ account: a, rows, counterparties: new Set(rows.map((i) => counterparty[i]!)) })
  }
  return out
}

/** Cycles: chains of pass-on transfers that come back to their first sender. */
function cycles(s: Stream, transfers: Int32Array, out: Adjacency, o: NetworkOptions): Finding[] {
  const span = o.days * DAY_MS
  const found: Finding[] = []
  const seen = new Set<number>()
  const path: number[] = []
  const onPath = new Set<number>()
  const extend = (origin: number, account: number, previous: number, startTime: number): boolean => {
    for (let k = out.start[account]!; k < out.start[account + 1]!; k++) {
      const j = out.list[k]!
      if (s.time[j]! <= s.time[previous]!) continue
      if (s.time[j]! - startTime > span) break
      const ratio = s.cny[j]! / s.cny[previous]!
      if (ratio < o.passOn || ratio > 1) continue
      const next = s.to[j]!
      if (next === origin && path.length >= 2) {
        path.push(j)
        return true
      }
      if (onPath.has(next) || path.length >= o.maxCycle - 1) continue
      path.push(j)
      onPath.add(next)
      if (extend(origin, next, j, startTime)) return true
      path.pop()
      onPath.delete(next)
    }
    return false
  }
  for (const i of transfers) {
    if (seen.has(i)) continue
    path.length = 0
    onPath.clear()
    path.push(i)
    onPath.add(s.from[i]!)
    onPath.add(s.to[i]!)
    if (!extend(s.from[i]!, s.to[i]!, i, s.time[i]!)) continue
    for (const j of path) seen.add(j)
    found.push({
      typology: 'cycle',
      transactions: [...path].sort((x, y) => x - y),
      reason: `${path.length} transfers pass ${Math.round(s.cny[i]!)} CNY on through ${path.length} accounts and back to account ${s.from[i]!}`,
      score: 1 - 1 / path.length,
    })
  }
  return found
}

/** Network findings over the stream's transfers between accounts. */
export function findNetworkPatterns(s: Stream, o: NetworkOptions = DEFAULT_NETWORK): Finding[] {
  let accounts = 0
  const picked: number[] = []
  for (let i = 0; i < s.rows; i++) {
    if (s.type[i] !== TYPE.transfer || s.from[i] === 0 || s.to[i] === 0) continue
    picked.push(i)
    if (s.from[i]! > accounts) accounts = s.from[i]!
    if (s.to[i]! > accounts) accounts = s.to[i]!
  }
  const transfers = Int32Array.from(picked)
  const out = adjacency(s, transfers, s.from, accounts)
  const into = adjacency(s, transfers, s.to, accounts)
  const fanOut = bursts(s, out, s.to, o)
  const fanIn = bursts(s, into, s.from, o)
  const findings = cycles(s, transfers, out, o)

  // Composite patterns first, so each burst is reported once, under the most specific typology.
  const used = new Set<Burst>()
  const fanInOf = new Map(fanIn.map((b) => [b.account, b]))
  for (const scatter of fanOut) {
    const hub = fanInOf.get(scatter.account)
    if (hub !== undefined && !used.has(hub) && s.time[hub.rows[0]!]! <= s.time[scatter.rows[scatter.rows.length - 1]!]!) {
      used.add(hub).add(scatter)
      findings.push(composite('gather-scatter', [hub, scatter], `account ${scatter.account} gathers from ${hub.counterparties.size} accounts and scatters to ${scatter.counterparties.size}`))
      continue
    }
    const gather = fanIn.find((b) => !used.has(b) && b.account !== scatter.account && overlap(scatter.counterparties, b.counterparties) >= 2)
    if (gather !== undefined) {
      used.add(gather).add(scatter)
      findings.push(
        composite('scatter-gather', [scatter, gather], `account ${scatter.account} scatters to ${scatter.counterparties.size} accounts that gather into account ${gather.account}`),
      )
    }
  }
  // A company paying several staff or suppliers similar sums is ordinary business: a fan-out alone is a person's.
  for (const b of fanOut) if (!used.has(b) && b.counterparties.size >= (s.fromPerson[b.rows[0]!] === 1 ? o.fanAlone : o.fanAlone + 3)) findings.push(composite('fan-out', [b], `account ${b.account} sends similar amounts to ${b.counterparties.size} accounts within ${o.days} days`))
  for (const b of fanIn) if (!used.has(b) && b.counterparties.size >= o.fanAlone) findings.push(composite('fan-in', [b], `account ${b.account} receives similar amounts from ${b.counterparties.size} accounts within ${o.days} days`))
  return findings
}

function overlap(a: Set<number>, b: Set<number>): number {
  let n = 0
  for (const x of a) if (b.has(x)) n++
  return n
}

function composite(typology: string, parts: Burst[], reason: string): Finding {
  const transactions = [...new Set(parts.flatMap((p) => p.rows))].sort((x, y) => x - y)
  return { typology, transactions, reason, score: 1 - 1 / transactions.length }
}
