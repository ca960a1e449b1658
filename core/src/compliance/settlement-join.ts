import type { SettlementBatch, TableData } from '@bund/sdk'
import type { GeneratedDataset } from '../data/index.js'
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { categorical, datasetOf, numeric } from './tables.js'
import { say } from './verdict-text.js'

/** The host's instructions and participants, and the batch's outcomes and ledger, decoded. */
export interface SettlementView {
  batch: SettlementBatch
  instructions: {
    rows: number
    seq: Uint32Array
    endToEndId: (row: number) => string
    amount: Float64Array
    currency: (row: number) => string
    debtor: (row: number) => string
    creditor: (row: number) => string
    planted: ((row: number) => string) | undefined
  }
  /** Row of each instruction by its seq. */
  rowOfSeq: Map<number, number>
  /** Opening balance and currency of each participant, by BIC (from the host's own data). */
  participants: Map<string, { opening: number; currency: string }>
  outcomes: { rows: number; seq: Uint32Array; endToEndId: (i: number) => string; status: (i: number) => string; reason: (i: number) => string; block: Uint32Array }
  entries: { rows: number; instruction: Uint32Array; participant: (i: number) => string; amount: Float64Array; balanceAfter: Float64Array; block: Uint32Array }
}

const decode = (c: { codes: ArrayLike<number>; dictionary: readonly string[] }) => (i: number) => c.dictionary[c.codes[i]!]!

const views = new WeakMap<object, { datasets: CheckInput['datasets']; view: SettlementView }>()

/** The settlement dataset's companion table of participants. */
export function participantsOf(dataset: GeneratedDataset): TableData {
  const table = (dataset as GeneratedDataset & { companions?: Record<string, TableData> }).companions?.['participants']
  if (table === undefined) throw new NotEvaluable(say('noParticipantsTable'))
  return table
}

/** Decodes the batch against the host's settlement data. */
export function settlementView(input: CheckInput): SettlementView {
  const batch = input.output as SettlementBatch
  const cached = views.get(batch)
  if (cached !== undefined && cached.datasets === input.datasets) return cached.view
  const dataset = datasetOf(input, 'settlement-instructions')
  const ev = dataset.evaluation
  const what = 'the instructions'
  const seq = numeric(ev, 'seq', 'u32', what)
  const rowOfSeq = new Map<number, number>()
  for (let r = 0; r < seq.length; r++) rowOfSeq.set(seq[r]!, r)
  const p = participantsOf(dataset)
  const bic = decode(categorical(p, 'bic', 'the participants'))
  const pCurrency = decode(categorical(p, 'currency', 'the participants'))
  const opening = numeric(p, 'openingBalance', 'f64', 'the participants')
  const participants = new Map<string, { opening: number; currency: string }>()
  for (let r = 0; r < p.rows; r++) participants.set(bic(r), { opening: opening[r]!, currency: pCurrency(r) })
  const o = batch.outcomes
  const e = batch.entries
  const view: SettlementView = {
    batch,
    instructions: {
      rows: ev.rows,
      seq,
      endToEndId: decode(categorical(ev, 'endToEndId', what)),
      amount: numeric(ev, 'amount', 'f64', what),
      currency: decode(categorical(ev, 'currency', what)),
      debtor: decode(categorical(ev, 'debtorAgent', what)),
      creditor: decode(categorical(ev, 'creditorAgent', what)),
      planted: ev.columns['planted'] === undefined ? undefined : decode(categorical(ev, 'planted', what)),
    },
    rowOfSeq,
    participants,
    outcomes: {
      rows: o.rows,
      seq: numeric(o, 'seq', 'u32', 'the outcomes'),
      endToEndId: decode(categorical(o, 'endToEndId', 'the outcomes')),
      status: decode(categorical(o, 'status', 'the outcomes')),
      reason: decode(categorical(o, 'reason', 'the outcomes')),
      block: numeric(o, 'block', 'u32', 'the outcomes'),
    },
    entries: {
      rows: e.rows,
      instruction: numeric(e, 'instruction', 'u32', 'the ledger'),
      participant: decode(categorical(e, 'participant', 'the ledger')),
      amount: numeric(e, 'amount', 'f64', 'the ledger'),
      balanceAfter: numeric(e, 'balanceAfter', 'f64', 'the ledger'),
      block: numeric(e, 'block', 'u32', 'the ledger'),
    },
  }
  views.set(batch, { datasets: input.datasets, view })
  return view
}

/** Money is compared to the cent: amounts within half a cent are equal. */
export const CENT_TOLERANCE = 0.005
