/**
 * Planting laundering typologies into the transactions stream (after IBM's AMLworld patterns):
 * fan-out, fan-in, cycle, scatter-gather, gather-scatter, and structuring just below the
 * large-value reporting thresholds. The plan is made before the stream is written: each pattern's
 * legs get row positions (so timestamps stay sorted and legs stay in causal order), and every
 * account that will pay out a leg is pre-funded with a reserve ordinary traffic cannot spend.
 */
import { REPORTING_THRESHOLDS, TYPOLOGIES } from '@bund/sdk'
import type { Draw } from './random.js'

/** Codes shared with the transactions generator (indexes into its dictionaries). */
export const TYPE = { cashIn: 0, cashOut: 1, transfer: 2, payment: 3, crossBorder: 4 } as const
export const CHANNEL = { branch: 0, atm: 1, mobile: 2, online: 3, pos: 4 } as const

/** The accounts the generator holds: ids 1..domestic are domestic, the rest foreign. */
export interface Accounts {
  count: number
  domestic: number
  /** Per account id: 1 for a company, 0 for a person. */
  company: Uint8Array
  /** Per account id: the currency code of its bank's country (foreign accounts only). */
  currency: Uint8Array
  /** Per account id, in CNY. */
  balance: Float64Array
  /** Per account id: CNY held back for planned laundering legs. */
  reserve: Float64Array
}

/** The planted legs, and which row each is written at. */
export interface LaunderingPlan {
  /** Per row: the leg written there, or -1 for ordinary traffic. */
  slot: Int32Array
  from: Uint32Array
  to: Uint32Array
  /** In the leg's currency. */
  amount: Float64Array
  /** CNY per unit of the leg's currency. */
  rate: Float64Array
  currency: Uint8Array
  type: Uint8Array
  channel: Uint8Array
  /** 1-based index into TYPOLOGIES (0 is `none`). */
  typology: Uint8Array
  legs: number
}

type Typology = (typeof TYPOLOGIES)[number]
/** Legs each pattern takes: smallest and largest. */
const SIZES: Record<Typology, readonly [number, number]> = {
  'fan-out': [5, 12],
  'fan-in': [5, 12],
  cycle: [3, 8],
  'scatter-gather': [6, 12],
  'gather-scatter': [6, 12],
  structuring: [4, 10],
}
const MIN_LEGS = 3
/**
 * Camouflage, so that a pattern does not stand out by its shape alone (real launderers vary amounts
 * and timing to stay under rule-based monitoring; AMLworld's patterns vary likewise): the parts of a
 * fan or a layering step vary ±40% around an even split, a pattern spreads over 1–10 days, each
 * hop of a cycle keeps 1–6%, and structured deposits fall anywhere in 80–99.8% of the threshold,
 * one to three days apart.
 */
const SPLIT_SPREAD = 0.4
const WINDOW_DAYS: readonly [number, number] = [1, 10]
const CYCLE_FEE: readonly [number, number] = [0.01, 0.06]
const STRUCTURING_BAND: readonly [number, number] = [0.8, 0.998]
const round2 = (x: number) => Math.round(x * 100) / 100

/**
 * Plans about `budget` laundering legs over `rows` rows spanning `days` days. Typologies take turns
 * in a seeded order, so each is present once the budget reaches ~40 legs.
 */
export function planLaundering(draw: Draw, rows: number, days: number, budget: number, accounts: Accounts, usd: number, usdRate: number): LaunderingPlan {
  const capacity = budget + 16
  const plan: LaunderingPlan = {
    slot: new Int32Array(rows).fill(-1),
    from: new Uint32Array(capacity),
    to: new Uint32Array(capacity),
    amount: new Float64Array(capacity),
    rate: new Float64Array(capacity),
    currency: new Uint8Array(capacity),
    type: new Uint8Array(capacity),
    channel: new Uint8Array(capacity),
    typology: new Uint8Array(capacity),
    legs: 0,
  }
  if (budget < MIN_LEGS || accounts.domestic < 30) return plan
  const rowsPerDay = rows / days
  const order = [...TYPOLOGIES]
  for (let i = order.length - 1; i > 0; i--) {
    const j = draw.int(i + 1)
    ;[order[i], order[j]] = [order[j] as Typology, order[i] as Typology]
  }
  // Legs of the pattern being built, in causal order.
  const legs: Array<{ from: number; to: number; amount: number; currency: number; rate: number; type: number; channel: number }> = []
  const picked = new Set<number>()
  /** A domestic account not yet in this pattern (a person's when asked, as long as one turns up). */
  const account = (person = false): number => {
    for (let tries = 0; ; tries++) {
      const id = 1 + draw.int(accounts.domestic)
      if (picked.has(id) || (person && accounts.company[id] === 1 && tries < 1000)) continue
      picked.add(id)
      return id
    }
  }
  /** A foreign account in US dollars (any foreign account if none turns up). */
  const usdAccount = (): number => {
    const foreign = accounts.count - accounts.domestic
    let id = accounts.domestic + 1 + draw.int(foreign)
    for (let tries = 0; accounts.currency[id] !== usd && tries < 1000; tries++) id = accounts.domestic + 1 + draw.int(foreign)
    return id
  }
  const transfer = (from: number, to: number, amount: number) =>
    legs.push({ from, to, amount: round2(amount), currency: 0, rate: 1, type: TYPE.transfer, channel: draw.fast() < 0.6 ? CHANNEL.online : CHANNEL.mobile })
  let remaining = budget
  let turn = 0
  let misses = 0
  while (remaining >= MIN_LEGS && misses < order.length) {
    const typology = order[turn++ % order.length] as Typology
    const [min, max] = SIZES[typology]
    if (remaining < min) {
      misses++
      continue
    }
    misses = 0
    const size = Math.min(remaining, draw.between(min, max))
    legs.length = 0
    picked.clear()
    // A pattern moves a sum of the order of 100,000 CNY; companies' patterns are larger.
    const sum = draw.logNormal(120_000, 0.7)
    /** One part of an even split, varied by ±SPLIT_SPREAD. */
    const part = (total: number, parts: number) => (total / parts) * (1 - SPLIT_SPREAD + 2 * SPLIT_SPREAD * draw.fast())
    let daily = false
    switch (typology) {
      case 'fan-out': {
        const source = account()
        for (let k = 0; k < size; k++) transfer(source, account(), part(sum, size))
        break
      }
      case 'fan-in': {
        const target = account()
        for (let k = 0; k < size; k++) transfer(account(), target, part(sum, size))
        break
      }
      case 'cycle': {
        const ring = Array.from({ length: size }, () => account())
        let amount = sum
        for (let k = 0; k < size; k++) {
          transfer(ring[k] as number, ring[(k + 1) % size] as number, amount)
          amount *= 1 - CYCLE_FEE[0] - (CYCLE_FEE[1] - CYCLE_FEE[0]) * draw.fast() // each hop keeps a fee
        }
        break
      }
      case 'scatter-gather': {
        const middle = Math.floor(size / 2)
        const source = account()
        const target = account()
        const mules = Array.from({ length: middle }, () => account())
        const parts = mules.map(() => part(sum, middle))
        for (let k = 0; k < middle; k++) transfer(source, mules[k] as number, parts[k] as number)
        for (let k = 0; k < middle; k++) transfer(mules[k] as number, target, (parts[k] as number) * (1 - CYCLE_FEE[0] - (CYCLE_FEE[1] - CYCLE_FEE[0]) * draw.fast()))
        break
      }
      case 'gather-scatter': {
        const gather = Math.floor(size / 2)
        const scatter = size - gather
        const hub = account()
        let collected = 0
        for (let k = 0; k < gather; k++) {
          const p = part(sum, gather)
          collected += p
          transfer(account(), hub, p)
        }
        // The hub keeps a fee and pays out no more than it gathered.
        for (let k = 0; k < scatter; k++) transfer(hub, account(), ((collected * 0.94) / scatter) * (1 - SPLIT_SPREAD / 2 + (SPLIT_SPREAD / 2) * draw.fast()))
        break
      }
      case 'structuring': {
        // A person splits a sum into deposits (or cross-border transfers) just below the threshold, one a day.
        daily = true
        const person = account(true)
        const crossBorder = draw.fast() < 0.3
        for (let k = 0; k < size; k++) {
          if (crossBorder) {
            const limit = REPORTING_THRESHOLDS.personCrossBorderUsd
            const amount = Math.round(limit * (STRUCTURING_BAND[0] + (STRUCTURING_BAND[1] - STRUCTURING_BAND[0]) * draw.fast()))
            legs.push({ from: person, to: usdAccount(), amount, currency: usd, rate: usdRate, type: TYPE.crossBorder, channel: CHANNEL.online })
          } else {
            const limit = REPORTING_THRESHOLDS.cashCny
            const amount = Math.min(limit - 100, Math.round((limit * (STRUCTURING_BAND[0] + (STRUCTURING_BAND[1] - STRUCTURING_BAND[0]) * draw.fast())) / 100) * 100)
            legs.push({ from: 0, to: person, amount, currency: 0, rate: 1, type: TYPE.cashIn, channel: CHANNEL.branch })
          }
        }
        break
      }
    }
    if (place(draw, plan, legs, typology, rows, rowsPerDay, daily, accounts)) remaining -= legs.length
  }
  return plan
}

/** Gives the legs increasing free rows within the pattern's window; false when they do not fit. */
function place(draw: Draw, plan: LaunderingPlan, legs: readonly { from: number; to: number; amount: number; currency: number; rate: number; type: number; channel: number }[], typology: Typology, rows: number, rowsPerDay: number, daily: boolean, accounts: Accounts): boolean {
  const n = legs.length
  const offsets = new Float64Array(n)
  if (daily) {
    // One to three days apart.
    for (let k = 0, day = 0; k < n; k++, day += draw.between(1, 3)) offsets[k] = Math.floor((day + 0.8 * draw.fast()) * rowsPerDay)
  } else {
    // Within the pattern's window, in causal order.
    const window = rowsPerDay * draw.between(WINDOW_DAYS[0], WINDOW_DAYS[1])
    for (let k = 0; k < n; k++) offsets[k] = Math.floor(draw.fast() * window)
    offsets.sort()
  }
  for (let k = 1; k < n; k++) if ((offsets[k] as number) <= (offsets[k - 1] as number)) offsets[k] = (offsets[k - 1] as number) + 1
  const span = (offsets[n - 1] as number) + n
  if (span >= rows) return false
  const start = draw.int(rows - span)
  const positions: number[] = []
  let previous = -1
  for (let k = 0; k < n; k++) {
    let row = Math.max(start + (offsets[k] as number), previous + 1)
    while (row < rows && plan.slot[row] !== -1) row++
    if (row >= rows) {
      for (const p of positions) plan.slot[p] = -1
      return false
    }
    plan.slot[row] = plan.legs + k
    positions.push(row)
    previous = row
  }
  const code = TYPOLOGIES.indexOf(typology) + 1
  for (const leg of legs) {
    const i = plan.legs++
    plan.from[i] = leg.from
    plan.to[i] = leg.to
    plan.amount[i] = leg.amount
    plan.rate[i] = leg.rate
    plan.currency[i] = leg.currency
    plan.type[i] = leg.type
    plan.channel[i] = leg.channel
    plan.typology[i] = code
    if (leg.type !== TYPE.cashIn) {
      // Pre-fund the payer: the reserve is spent only by this leg.
      const cny = Math.round(leg.amount * leg.rate * 100) / 100
      accounts.balance[leg.from] = (accounts.balance[leg.from] as number) + cny
      accounts.reserve[leg.from] = (accounts.reserve[leg.from] as number) + cny
    }
  }
  return true
}
