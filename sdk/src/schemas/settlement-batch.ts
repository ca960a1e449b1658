/** The host's validation of the `settlement-batch` result kind. */
import { z } from 'zod'
import { SETTLEMENT_REJECTIONS } from '../datasets/settlement-instructions.js'
import { BALANCE_COLUMNS, LEDGER_ENTRY_COLUMNS, SETTLEMENT_OUTCOME_COLUMNS, SETTLEMENT_STATUSES } from '../results/settlement-batch.js'
import { aggregatesSchema } from './aggregates.js'
import { tableSchema } from './table.js'

const HEX64 = /^[0-9a-f]{64}$/

const blockSchema = z
  .object({
    height: z.number().int().min(0),
    prevHash: z.string().regex(HEX64, 'must be 64 lower-case hex digits'),
    merkleRoot: z.string().regex(HEX64, 'must be 64 lower-case hex digits'),
    hash: z.string().regex(HEX64, 'must be 64 lower-case hex digits'),
    size: z.number().int().min(0),
  })
  .strict()

/** The host's validation of a `settlement-batch` output (its arithmetic is the checks' job). */
export const settlementBatchSchema = z
  .object({
    kind: z.literal('settlement-batch'),
    outcomes: tableSchema(SETTLEMENT_OUTCOME_COLUMNS),
    entries: tableSchema(LEDGER_ENTRY_COLUMNS),
    balances: tableSchema(BALANCE_COLUMNS),
    blocks: z.array(blockSchema).max(1_000_000),
    finality: z.object({ finalHeight: z.number().int().min(-1), basis: z.string().max(500).optional() }).strict(),
    aggregates: aggregatesSchema,
  })
  .strict()
  .superRefine((out, ctx) => {
    const statuses: readonly string[] = SETTLEMENT_STATUSES
    const bad = out.outcomes.columns['status']?.dictionary?.find((s) => !statuses.includes(s))
    if (bad !== undefined) ctx.addIssue({ code: 'custom', path: ['outcomes', 'status'], message: `unknown status "${bad}"; expected settled or rejected` })
    const reasons: readonly string[] = ['', ...Object.values(SETTLEMENT_REJECTIONS)]
    const reason = out.outcomes.columns['reason']?.dictionary?.find((r) => !reasons.includes(r))
    if (reason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['outcomes', 'reason'], message: `unknown reason code "${reason}"; expected one of ${Object.values(SETTLEMENT_REJECTIONS).join(', ')}` })
    }
  })
