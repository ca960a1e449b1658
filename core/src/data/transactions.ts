/**
 * `transactions`: a month of retail and corporate payments in the manner of PaySim and IBM's
 * AMLworld. Persons and companies hold accounts at six synthetic domestic banks and send money
 * abroad to four foreign ones; laundering typologies are planted and labelled (see typologies.ts).
 * Rows are in time order; training is the earlier slice, evaluation the later one.
 */
import { TRANSACTION_TYPES, type TransactionsOptions, TYPOLOGIES } from '@bund/sdk'
import { z } from 'zod'
import { type Bank, CNY_PER_UNIT, DOMESTIC_BANKS, FOREIGN_BANKS } from './banks.js'
import { defineGenerator } from './generator.js'
import { createDraw, cumulative, type Seed } from './random.js'
import { dict, numeric } from './table-data.js'
import { type Accounts, CHANNEL, planLaundering, TYPE } from './typologies.js'

const BANKS: readonly Bank[] = [...DOMESTIC_BANKS, ...FOREIGN_BANKS]
const BICS = BANKS.map((b) => b.bic)
const COUNTRIES = [...new Set(BANKS.map((b) => b.country))]
const CURRENCIES = [...new Set(BANKS.map((b) => b.currency))]
const CHANNELS = ['branch', 'atm', 'mobile', 'online', 'pos']
/** Channel mix of payments and of transfers (weights in CHANNELS order). */
const PAYMENT_CHANNELS = cumulative([0, 0, 50, 10, 40])
const TRANSFER_CHANNELS = cumulative([10, 0, 55, 35, 0])
const ENTITIES = ['person', 'company']
const TYPOLOGY_VALUES = ['none', ...TYPOLOGIES]
/** Codes (into TYPOLOGY_VALUES) of the typologies an untraceable leg can belong to. */
const LAYERING = TYPOLOGIES.filter((t) => t !== 'structuring').map((t) => TYPOLOGY_VALUES.indexOf(t))
/** The period ends at the sandbox's fixed clock, 2026-01-01T00:00:00Z. */
const END_MS = Date.UTC(2026, 0, 1)
const DAY_MS = 86_400_000
/**
 * Share of the laundering budget that is untraceable: legs of layering patterns (fan-out, fan-in,
 * cycle, scatter-gather, gather-scatter) whose other legs pass through institutions outside these
 * data, so what is visible is one ordinary-looking transaction. Structuring is not among them: its
 * deposits are made at this bank. They are ordinary rows, drawn exactly as
 * ordinary traffic is, labelled by Bernoulli draws from a label stream of their own: nothing visible
 * tells them apart, so no monitor can reach full recall without alerting ordinary traffic at the
 * same rate — the ceiling `alert-plausibility` holds alert sets to.
 */
export const UNTRACEABLE_SHARE = 0.1

/** ATMs pay out at most this much in one go. */
const ATM_LIMIT = 20_000

/** Type mix by payer (weights in TRANSACTION_TYPES order), after PaySim's shares. */
const TYPE_MIX = [cumulative([20, 22, 18, 37, 3]), cumulative([8, 7, 45, 35, 5])]
/** Median amount in CNY by payer and type, and the log-scale spread. */
const MEDIAN = [new Float64Array([1_500, 1_000, 2_000, 150, 15_000]), new Float64Array([8_000, 5_000, 30_000, 2_500, 200_000])]
const SIGMA = new Float64Array([1.0, 0.9, 1.3, 1.2, 1.0])

const options: z.ZodType<{ launderingRate: number; days: number; accounts?: number | undefined }, TransactionsOptions> = z
  .object({
    launderingRate: z.number().min(0).max(0.05).default(0.001),
    days: z.number().int().min(1).max(366).default(30),
    accounts: z.number().int().min(20).max(1_000_000).optional(),
  })
  .strict()

/** Opens the accounts: 90% domestic (15% of them companies), 10% foreign correspondents' customers. */
function openAccounts(count: number, seed: Seed): { accounts: Accounts; bank: Uint8Array } {
  const draw = createDraw(seed, 'transactions/accounts')
  const domestic = Math.max(1, Math.round(count * 0.9))
  const shares = cumulative(DOMESTIC_BANKS.map((b) => b.share))
  const currencyCode = BANKS.map((b) => CURRENCIES.indexOf(b.currency))
  const accounts: Accounts = {
    count,
    domestic,
    company: new Uint8Array(count + 1),
    currency: new Uint8Array(count + 1),
    balance: new Float64Array(count + 1),
    reserve: new Float64Array(count + 1),
  }
  const bank = new Uint8Array(count + 1)
  for (let id = 1; id <= count; id++) {
    if (id <= domestic) {
      bank[id] = draw.pick(shares)
      const company = draw.fast() < 0.15 ? 1 : 0
      accounts.company[id] = company
      accounts.balance[id] = Math.round(company ? draw.logNormal(500_000, 1.3) : draw.logNormal(20_000, 1.2))
    } else {
      bank[id] = DOMESTIC_BANKS.length + draw.int(FOREIGN_BANKS.length)
      accounts.company[id] = draw.fast() < 0.5 ? 1 : 0
    }
    accounts.currency[id] = currencyCode[bank[id] as number] as number
  }
  return { accounts, bank }
}

export const transactions = defineGenerator({
  kind: 'transactions',
  options,
  generate({ rows: evaluationRows, trainingRows, seed, options }) {
    const rows = trainingRows + evaluationRows
    const count = options.accounts ?? Math.min(200_000, Math.max(200, Math.round(rows / 10)))
    const { accounts, bank } = openAccounts(count, seed)
    const { company, balance, reserve, domestic } = accounts
    const foreign = count - domestic
    const countryOfBank = Uint8Array.from(BANKS, (b) => COUNTRIES.indexOf(b.country))
    const rateOf = Float64Array.from(CURRENCIES, (c) => CNY_PER_UNIT[c] as number)
    const usd = CURRENCIES.indexOf('USD')
    const plan = planLaundering(createDraw(seed, 'transactions/laundering'), rows, options.days, Math.round(rows * options.launderingRate * (1 - UNTRACEABLE_SHARE)), accounts, usd, rateOf[usd] as number)
    // Untraceable legs: each ordinary row is one with this probability, from a stream of its own.
    const untraceable = options.launderingRate * UNTRACEABLE_SHARE
    const labels = createDraw(seed, 'transactions/labels/untraceable')
    const probabilities = new Float64Array(rows)
    // Merchants: the company accounts that payments go to.
    const merchants = new Uint32Array(domestic)
    let merchantCount = 0
    for (let id = 1; id <= domestic; id++) if (company[id] === 1) merchants[merchantCount++] = id
    if (merchantCount === 0) merchants[merchantCount++] = 1

    const id = new Uint32Array(rows)
    const timestamp = new Float64Array(rows)
    const type = new Uint8Array(rows)
    const amount = new Float64Array(rows)
    const currency = new Uint8Array(rows)
    const channel = new Uint8Array(rows)
    const fromAccount = new Uint32Array(rows)
    const toAccount = new Uint32Array(rows)
    const fromBank = new Uint8Array(rows)
    const toBank = new Uint8Array(rows)
    const fromEntity = new Uint8Array(rows)
    const toEntity = new Uint8Array(rows)
    const fromCountry = new Uint8Array(rows)
    const toCountry = new Uint8Array(rows)
    const balanceBefore = new Float64Array(rows)
    const balanceAfter = new Float64Array(rows)
    const laundering = new Uint8Array(rows)
    const typology = new Uint8Array(rows)

    const draw = createDraw(seed, 'transactions')
    const start = END_MS - options.days * DAY_MS
    const step = (options.days * DAY_MS) / rows
    for (let i = 0; i < rows; i++) {
      id[i] = i + 1
      timestamp[i] = start + Math.floor((i + draw.fast()) * step)
      let t: number
      let from: number
      let to: number
      let value: number
      let cur = 0
      let ch: number
      const leg = plan.slot[i] as number
      // One label draw per row, planted or not: below the rate, an ordinary row is an untraceable leg
      // of the layering typology its position within [0, rate) picks.
      const u = labels.fast()
      if (leg >= 0) {
        t = plan.type[leg] as number
        from = plan.from[leg] as number
        to = plan.to[leg] as number
        value = plan.amount[leg] as number
        cur = plan.currency[leg] as number
        ch = plan.channel[leg] as number
        laundering[i] = 1
        typology[i] = plan.typology[leg] as number
        probabilities[i] = 1
      } else {
        probabilities[i] = untraceable
        if (u < untraceable) {
          laundering[i] = 1
          typology[i] = LAYERING[Math.floor((u / untraceable) * LAYERING.length)] as number
        }
        const payer = 1 + draw.int(domestic)
        const isCompany = company[payer] as number
        t = draw.pick(TYPE_MIX[isCompany] as Float64Array)
        const cny = draw.logNormal((MEDIAN[isCompany] as Float64Array)[t] as number, SIGMA[t] as number)
        // A payer who cannot afford it deposits cash instead (the margin covers rounding).
        if (t !== TYPE.cashIn && cny + 100 > (balance[payer] as number) - (reserve[payer] as number)) t = TYPE.cashIn
        if (t === TYPE.cashIn || t === TYPE.cashOut) {
          value = Math.max(100, Math.round(cny / 100) * 100)
          ch = value <= ATM_LIMIT && draw.fast() < 0.6 ? CHANNEL.atm : CHANNEL.branch
          from = t === TYPE.cashIn ? 0 : payer
          to = t === TYPE.cashIn ? payer : 0
        } else if (t === TYPE.crossBorder) {
          to = domestic + 1 + draw.int(foreign)
          cur = accounts.currency[to] as number
          value = Math.round((cny / (rateOf[cur] as number)) * 100) / 100
          from = payer
          ch = draw.fast() < 0.6 ? CHANNEL.online : CHANNEL.branch
        } else {
          value = Math.round(cny * 100) / 100
          from = payer
          if (t === TYPE.payment) {
            to = merchants[draw.int(merchantCount)] as number
            ch = draw.pick(PAYMENT_CHANNELS)
          } else {
            to = 1 + draw.int(domestic)
            if (to === payer) to = (to % domestic) + 1
            ch = draw.pick(TRANSFER_CHANNELS)
          }
        }
      }
      // The customer's side: the credited account for cash-in, the debited one otherwise.
      const cny = Math.round(value * (rateOf[cur] as number) * 100) / 100
      const holder = t === TYPE.cashIn ? to : from
      const before = balance[holder] as number
      const after = Math.round((t === TYPE.cashIn ? before + cny : before - cny) * 100) / 100
      balance[holder] = after
      if (leg >= 0 && t !== TYPE.cashIn) reserve[from] = (reserve[from] as number) - cny
      if (t !== TYPE.cashIn && t !== TYPE.cashOut && to <= domestic) balance[to] = (balance[to] as number) + cny
      balanceBefore[i] = before
      balanceAfter[i] = after
      type[i] = t
      amount[i] = value
      currency[i] = cur
      channel[i] = ch
      fromAccount[i] = from
      toAccount[i] = to
      // Cash has no account: its side takes the bank, entity and country of the customer's account.
      const a = from === 0 ? to : from
      const b = to === 0 ? from : to
      fromBank[i] = bank[a] as number
      toBank[i] = bank[b] as number
      fromEntity[i] = company[a] as number
      toEntity[i] = company[b] as number
      fromCountry[i] = countryOfBank[bank[a] as number] as number
      toCountry[i] = countryOfBank[bank[b] as number] as number
    }
    const table = {
      rows,
      columns: {
        id: numeric('u32', id),
        timestamp: numeric('f64', timestamp),
        type: dict(type, TRANSACTION_TYPES),
        amount: numeric('f64', amount),
        currency: dict(currency, CURRENCIES),
        channel: dict(channel, CHANNELS),
        fromAccount: numeric('u32', fromAccount),
        toAccount: numeric('u32', toAccount),
        fromBank: dict(fromBank, BICS),
        toBank: dict(toBank, BICS),
        fromEntity: dict(fromEntity, ENTITIES),
        toEntity: dict(toEntity, ENTITIES),
        fromCountry: dict(fromCountry, COUNTRIES),
        toCountry: dict(toCountry, COUNTRIES),
        balanceBefore: numeric('f64', balanceBefore),
        balanceAfter: numeric('f64', balanceAfter),
        laundering: numeric('u8', laundering),
        typology: dict(typology, TYPOLOGY_VALUES),
      },
    }
    // Each row's true probability of being laundering: 1 on a planted leg, the untraceable rate elsewhere.
    return { table, trainingRows, probabilities }
  },
})
