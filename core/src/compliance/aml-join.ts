import type { AmlAlerts } from '@bund/sdk'
import type { CheckInput } from './check.js'
import { categorical, datasetOf, idIndexOf, numeric } from './tables.js'

/** Alerts matched to the transactions and hidden labels the host kept back. */
export interface JoinedAlerts {
  /** Transactions in the evaluation partition. */
  rows: number
  /** 1 when an alert names the transaction. */
  flagged: Uint8Array
  /** The hidden laundering label per transaction. */
  laundering: Uint8Array
  /** The hidden typology per transaction. */
  typology: { codes: ArrayLike<number>; dictionary: readonly string[] }
  /** Alert rows naming a transaction that does not exist. */
  unknownIds: number[]
}

const joins = new WeakMap<object, { datasets: CheckInput['datasets']; joined: JoinedAlerts }>()

/** Marks each transaction an alert names; collects the ids that name none. */
export function joinAlerts(input: CheckInput): JoinedAlerts {
  const output = input.output as AmlAlerts
  const cached = joins.get(output)
  if (cached !== undefined && cached.datasets === input.datasets) return cached.joined
  const evaluation = datasetOf(input, 'transactions').evaluation
  const index = idIndexOf(evaluation, 'the transactions')
  const flagged = new Uint8Array(evaluation.rows)
  const unknownIds: number[] = []
  const named = numeric(output.alerts, 'transactionId', 'u32', 'the alerts')
  for (let i = 0; i < named.length; i++) {
    const r = index.row(named[i]!)
    if (r < 0) unknownIds.push(named[i]!)
    else flagged[r] = 1
  }
  const joined = {
    rows: evaluation.rows,
    flagged,
    laundering: numeric(evaluation, 'laundering', 'u8', 'the hidden labels'),
    typology: categorical(evaluation, 'typology', 'the hidden labels'),
    unknownIds: [...new Set(unknownIds)],
  }
  joins.set(output, { datasets: input.datasets, joined })
  return joined
}

/** The confusion counts of flagged against laundering, by transaction. */
export function confusion(j: JoinedAlerts): { truePositives: number; falsePositives: number; falseNegatives: number; laundering: number; flagged: number } {
  let tp = 0
  let fp = 0
  let fn = 0
  for (let r = 0; r < j.rows; r++) {
    if (j.flagged[r] === 1) {
      if (j.laundering[r] === 1) tp++
      else fp++
    } else if (j.laundering[r] === 1) fn++
  }
  // An alert on a transaction that does not exist is a false alarm.
  fp += j.unknownIds.length
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, laundering: tp + fn, flagged: tp + fp }
}
