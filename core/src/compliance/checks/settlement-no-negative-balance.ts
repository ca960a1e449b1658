import { z } from 'zod'
import { defineCheck } from '../check.js'
import { CENT_TOLERANCE, settlementView } from '../settlement-join.js'
import { say } from '../verdict-text.js'

/**
 * No participant's balance ever goes below zero: the host replays the ledger in posting order from
 * the opening balances it generated (not the ones the output states). Figure: the lowest balance.
 */
export const settlementNoNegativeBalance = defineCheck({
  name: 'settlement-no-negative-balance',
  description: 'Replaying the ledger from the opening balances, no balance is ever negative.',
  kinds: ['settlement-batch'],
  params: z.object({ tolerance: z.number().min(0).default(CENT_TOLERANCE) }).strict(),
  evaluate(input, params) {
    const v = settlementView(input)
    const e = v.entries
    const balance = new Map<string, number>()
    for (const [bic, p] of v.participants) balance.set(bic, p.opening)
    let lowest = Math.min(...balance.values(), Number.POSITIVE_INFINITY)
    let lowestAt: { entry: number; participant: string } | null = null
    let negatives = 0
    for (let i = 0; i < e.rows; i++) {
      const bic = e.participant(i)
      const b = (balance.get(bic) ?? 0) + e.amount[i]!
      balance.set(bic, b)
      if (b < -params.tolerance) negatives++
      if (b < lowest) [lowest, lowestAt] = [b, { entry: i, participant: bic }]
    }
    const figure = Number.isFinite(lowest) ? lowest : 0
    const passed = negatives === 0
    return {
      passed,
      figure,
      threshold: 0,
      ...(passed || lowestAt === null
        ? say('negativeBalancePass', { entries: e.rows, lowest: figure })
        : say('negativeBalanceFail', { negatives, lowest: figure, participant: lowestAt.participant, entry: lowestAt.entry })),
      evidence: { entries: e.rows, negativeEntries: negatives, lowest: lowestAt === null ? null : { ...lowestAt, balance: figure } },
    }
  },
})
