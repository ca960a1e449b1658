/**
 * `settlement-instructions`: interbank credit transfers carrying the essential ISO 20022 pacs.008
 * fields, settled gross in queue order against the participants' central-bank balances (the
 * `participants` companion). A share is planted to fail, and `planted` says why.
 *
 * The settlement rule the labels follow, instruction by instruction in `seq` order, each
 * partition starting again from the opening balances:
 *   1. debtor or creditor agent not a participant        -> `unknown-participant` (RC01)
 *   2. EndToEndId already used by an earlier instruction -> `duplicate-e2e` (AM05)
 *   3. amount above the debtor agent's current balance   -> `insufficient-funds` (AM04)
 *   4. otherwise settle: debtor balance - amount, creditor balance + amount -> `none`
 */
import { DictionaryBuilder, SETTLEMENT_PLANTED, type SettlementInstructionsOptions } from '@bund/sdk'
import { z } from 'zod'
import { DOMESTIC_BANKS } from './banks.js'
import { defineGenerator } from './generator.js'
import { createDraw, cumulative, type Draw } from './random.js'
import { dict, numeric } from './table-data.js'

const CITIES: ReadonlyArray<readonly [string, string]> = [
  ['BJ', 'Beijing'], ['SH', 'Shanghai'], ['GZ', 'Guangzhou'], ['SZ', 'Shenzhen'], ['HZ', 'Hangzhou'], ['CD', 'Chengdu'],
  ['WH', 'Wuhan'], ['NJ', 'Nanjing'], ['XA', "Xi'an"], ['TJ', 'Tianjin'], ['CQ', 'Chongqing'], ['SU', 'Suzhou'],
]
/** BICs of banks that are not participants, for the planted `unknown-participant` failures. */
const UNKNOWN_BICS = ['SYUKCNBJXXX', 'SYULCNSHXXX', 'SYUMCNGZXXX']
/** The partitions settle on consecutive business days before the sandbox's clock (2026-01-01). */
const TRAINING_DATE = '2025-12-30'
const EVALUATION_DATE = '2025-12-31'
/** Median instruction in CNY and its log-scale spread (large-value interbank payments). */
const MEDIAN_AMOUNT = 500_000
const SIGMA_AMOUNT = 1.5
/** Opening balances of the deep participants cover this share of their expected gross outflow in a partition. */
const LIQUIDITY = 0.12
/**
 * Thin-liquidity participants: the smallest quarter of the banks (at least one) open with a few
 * hundred thousand CNY and send THIN_OUTFLOW times as many payments as they receive, so their
 * balance hovers near zero and an ordinary-sized payment often finds it short. An insufficient-funds
 * fault is an instruction of the ordinary amount distribution sent by a participant whose balance at
 * that point in the queue does not cover it: its size alone does not give it away.
 */
const THIN_SHARE = 0.25
const THIN_OUTFLOW = 16

const rate = z.number().min(0).max(0.3)
const options: z.ZodType<Required<SettlementInstructionsOptions>, SettlementInstructionsOptions> = z
  .object({
    participants: z.number().int().min(3).max(40).default(12),
    insufficientFundsRate: rate.default(0.03),
    duplicateRate: rate.default(0.01),
    unknownParticipantRate: rate.default(0.01),
  })
  .strict()
  .refine((o) => o.insufficientFundsRate + o.duplicateRate + o.unknownParticipantRate <= 0.5, {
    message: 'insufficientFundsRate + duplicateRate + unknownParticipantRate must be at most 0.5',
  })

interface Participant {
  bic: string
  name: string
  /** Relative size: how much of the traffic it receives. */
  size: number
  /** A thin-liquidity participant (see THIN_SHARE). */
  thin: boolean
}

function participantsOf(count: number, draw: Draw): Participant[] {
  const thinFrom = count - Math.max(1, Math.round(count * THIN_SHARE))
  return Array.from({ length: count }, (_, k) => {
    const known = DOMESTIC_BANKS[k]
    const [code, city] = CITIES[k % CITIES.length] as readonly [string, string]
    const letters = String.fromCharCode(65 + Math.floor(k / 26), 65 + (k % 26))
    return {
      bic: known ? `${known.bic}XXX` : `SY${letters}CN${code}XXX`,
      name: known ? known.name : `Synthetic ${k % 2 === 0 ? 'City' : 'Rural Commercial'} Bank of ${city}`,
      // Zipf-like sizes: a few large banks carry most payments.
      size: (1 / (k + 1)) * (0.8 + 0.4 * draw.fast()),
      thin: k >= thinFrom,
    }
  })
}

export const settlementInstructions = defineGenerator({
  kind: 'settlement-instructions',
  options,
  generate({ rows: evaluationRows, trainingRows, seed, options }) {
    const rows = trainingRows + evaluationRows
    const draw = createDraw(seed, 'settlement-instructions')
    const banks = participantsOf(options.participants, draw)
    /** Who receives (by size) and who sends (by size, thin participants THIN_OUTFLOW times as often). */
    const inWeights = cumulative(banks.map((b) => b.size))
    const outWeight = banks.map((b) => b.size * (b.thin ? THIN_OUTFLOW : 1))
    const outWeights = cumulative(outWeight)
    const totalSize = inWeights[inWeights.length - 1] as number
    const meanAmount = MEDIAN_AMOUNT * Math.exp((SIGMA_AMOUNT * SIGMA_AMOUNT) / 2)
    const flow = Math.max(trainingRows, evaluationRows) * meanAmount
    const opening = Float64Array.from(banks, (b) =>
      b.thin ? Math.round(MEDIAN_AMOUNT * (0.4 + 0.8 * draw.fast())) : Math.round((b.size / totalSize) * flow * LIQUIDITY + 50_000_000),
    )
    // Agents: participants first, then the unknown BICs.
    const agents = [...banks.map((b) => b.bic), ...UNKNOWN_BICS]

    const seq = new Uint32Array(rows)
    const msgId = new DictionaryBuilder(rows)
    const endToEndId = new DictionaryBuilder(rows)
    const amount = new Float64Array(rows)
    const currency = new Uint8Array(rows)
    const debtorAgent = new Uint8Array(rows)
    const creditorAgent = new Uint8Array(rows)
    const valueDate = new Uint8Array(rows)
    const planted = new Uint8Array(rows)
    const usedIds = new Set<string>()
    const freshE2e = (): string => {
      for (;;) {
        const id = `E2E${(draw.next() >>> 0).toString(16).toUpperCase().padStart(8, '0')}${(draw.next() >>> 0).toString(16).toUpperCase().padStart(8, '0')}`
        if (!usedIds.has(id)) {
          usedIds.add(id)
          return id
        }
      }
    }
    const pInsufficient = options.insufficientFundsRate
    const pDuplicate = pInsufficient + options.duplicateRate
    const pUnknown = pDuplicate + options.unknownParticipantRate
    const NONE = 0
    const INSUFFICIENT = SETTLEMENT_PLANTED.indexOf('insufficient-funds')
    const DUPLICATE = SETTLEMENT_PLANTED.indexOf('duplicate-e2e')
    const UNKNOWN = SETTLEMENT_PLANTED.indexOf('unknown-participant')

    /** A sender drawn by outflow weight among the participants `fits` admits; -1 when none does. */
    const senderAmong = (fits: (k: number) => boolean): number => {
      let total = 0
      for (let k = 0; k < banks.length; k++) if (fits(k)) total += outWeight[k] as number
      if (total === 0) return -1
      let u = draw.fast() * total
      for (let k = 0; k < banks.length; k++) {
        if (!fits(k)) continue
        u -= outWeight[k] as number
        if (u < 0) return k
      }
      for (let k = banks.length - 1; k >= 0; k--) if (fits(k)) return k
      return -1
    }
    const receiverFor = (debtor: number): number => {
      const creditor = draw.pick(inWeights)
      return creditor === debtor ? (creditor + 1) % banks.length : creditor
    }

    const settleBlock = (first: number, end: number, date: number) => {
      const balance = opening.slice()
      /** Rows settled so far in this partition, and their EndToEndIds. */
      const settled: number[] = []
      const settledIds: string[] = []
      /** Insufficient-funds faults drawn where no participant was short of the amount, placed at the next row where one is. */
      let pendingFaults = 0
      const compact = (date === 0 ? TRAINING_DATE : EVALUATION_DATE).replaceAll('-', '')
      for (let i = first; i < end; i++) {
        seq[i] = i - first
        msgId.set(i, `M${compact}${String(i - first + 1).padStart(9, '0')}`)
        valueDate[i] = date
        // Every amount is drawn alike, whatever becomes of the instruction.
        let value = Math.max(1000, Math.round(draw.logNormal(MEDIAN_AMOUNT, SIGMA_AMOUNT) * 100) / 100)
        let debtor = draw.pick(outWeights)
        let creditor = receiverFor(debtor)
        const u = draw.fast()
        let label = NONE
        let e2e: string
        if (u < pInsufficient) pendingFaults++
        const short = u < pInsufficient || (pendingFaults > 0 && u >= pUnknown) ? senderAmong((k) => (balance[k] as number) < value) : -1
        if (short >= 0) {
          // A participant whose balance at this point does not cover the amount sends it.
          pendingFaults--
          label = INSUFFICIENT
          debtor = short
          creditor = receiverFor(debtor)
          e2e = freshE2e()
        } else if (u >= pInsufficient && u < pDuplicate && settled.length > 0) {
          // A resend of an earlier settled instruction: same EndToEndId, agents and amount, new MsgId.
          const pick = draw.int(settled.length)
          const original = settled[pick] as number
          label = DUPLICATE
          debtor = debtorAgent[original] as number
          creditor = creditorAgent[original] as number
          value = amount[original] as number
          e2e = settledIds[pick] as string
        } else if (u >= pDuplicate && u < pUnknown) {
          label = UNKNOWN
          const stranger = banks.length + draw.int(UNKNOWN_BICS.length)
          if (draw.fast() < 0.5) debtor = stranger
          else creditor = stranger
          e2e = freshE2e()
        } else {
          // Ordinary: sent by a participant that can pay it, so it settles.
          if ((balance[debtor] as number) < value) {
            const payer = senderAmong((k) => (balance[k] as number) >= value)
            if (payer >= 0) debtor = payer
            else {
              // Larger than every balance (rare: the deep participants hold hundreds of millions): the richest pays part of it.
              debtor = balance.indexOf(Math.max(...balance))
              value = Math.max(0.01, Math.round((balance[debtor] as number) * (0.05 + 0.4 * draw.fast()) * 100) / 100)
            }
            creditor = receiverFor(debtor)
          }
          balance[debtor] = (balance[debtor] as number) - value
          balance[creditor] = (balance[creditor] as number) + value
          e2e = freshE2e()
          settled.push(i)
          settledIds.push(e2e)
        }
        endToEndId.set(i, e2e)
        amount[i] = value
        debtorAgent[i] = debtor
        creditorAgent[i] = creditor
        planted[i] = label
      }
    }
    settleBlock(0, trainingRows, 0)
    settleBlock(trainingRows, rows, 1)

    const table = {
      rows,
      columns: {
        seq: numeric('u32', seq),
        msgId: msgId.toColumnData(),
        endToEndId: endToEndId.toColumnData(),
        amount: numeric('f64', amount),
        currency: dict(currency, ['CNY']),
        debtorAgent: dict(debtorAgent, agents),
        creditorAgent: dict(creditorAgent, agents),
        valueDate: dict(valueDate, [TRAINING_DATE, EVALUATION_DATE]),
        planted: dict(planted, SETTLEMENT_PLANTED),
      },
    }
    const participants = {
      rows: banks.length,
      columns: {
        bic: dict(Uint8Array.from(banks, (_, k) => k), banks.map((b) => b.bic)),
        name: dict(Uint8Array.from(banks, (_, k) => k), banks.map((b) => b.name)),
        currency: dict(new Uint8Array(banks.length), ['CNY']),
        openingBalance: numeric('f64', opening),
      },
    }
    return { table, trainingRows, companions: { participants } }
  },
})
