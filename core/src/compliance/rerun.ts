/**
 * Re-runs some checks need: the same scenario run again in the worker, with the same inputs
 * (determinism) or with a protected attribute exchanged between matched pairs of rows (the
 * counterfactual probe). A check names the re-runs it needs; the job performs each distinct one
 * once and hands the outputs back to the checks through `CheckInput.reruns`.
 *
 * A probe must look to the scenario exactly like the main run (see README, "Probes"): same rows in
 * the same order, the same ids, the same marginal distribution of every column (an exchange only
 * permutes values between two rows), the same joint distribution as far as the generator makes the
 * attribute matter (pairs agree on what the attribute shapes), the same training partition, ctx,
 * params and seed.
 */
import type { DatasetKind, TableData } from '@bund/sdk'
import { type ColumnData, dictCodesFor, viewColumn } from '@bund/sdk'
import { type GeneratedDataset, generateDataset } from '../data/index.js'
import { sha256 } from '../kernel/index.js'
import { EXCHANGES, type ExchangeSpec } from '../data/exchange.js'
import { rewriteNationalId } from '../data/pii.js'
import { NotEvaluable } from './check.js'
import type { RerunRequest } from './rerun-request.js'
import { say } from './verdict-text.js'

/** Years of drift of the out-of-time partition. */
export const OUT_OF_TIME_DRIFT = 1

const outOfTimeCache = new WeakMap<GeneratedDataset, GeneratedDataset>()

/**
 * The dataset with its evaluation partition replaced by an out-of-time one: the same kind, rows,
 * ids and options, drawn from its own stream of the run's key with the kind's documented drift
 * (`options.drift`); the training partition stays, so the model is the one the main run fitted.
 * Labels and true probabilities stay on the host, as always. Deterministic for a given dataset.
 */
export function outOfTimeDataset(dataset: GeneratedDataset): GeneratedDataset {
  const cached = outOfTimeCache.get(dataset)
  if (cached !== undefined) return cached
  const spec = dataset.spec
  if (spec === undefined || !(dataset.kind === 'credit-applicants' || dataset.kind === 'sme-loans')) throw new NotEvaluable(say('noOutOfTimePartition', { kind: dataset.kind }))
  const seed = typeof spec.seed === 'string' ? sha256(`${spec.seed}/out-of-time`) : (spec.seed ^ 0x6f6f74) | 0
  const later = generateDataset({ ...spec, seed, options: { ...(spec.options ?? {}), drift: OUT_OF_TIME_DRIFT } })
  const out: GeneratedDataset = { ...dataset, evaluation: later.evaluation, ...(later.probabilities ? { probabilities: later.probabilities } : {}) }
  outOfTimeCache.set(dataset, out)
  return out
}

const pairCache = new WeakMap<TableData, Map<string, Int32Array>>()

/**
 * The matched pairs of evaluation rows whose attribute the probe exchanges, as [i0, j0, i1, j1, …]:
 * rows of different groups that agree on what the attribute shapes (the kind's ExchangeSpec), each
 * row in at most one pair. Deterministic: the same table gives the same pairs.
 */
export function exchangePairs(kind: DatasetKind, table: TableData, attribute: string): Int32Array {
  let byAttribute = pairCache.get(table)
  if (byAttribute === undefined) pairCache.set(table, (byAttribute = new Map()))
  const cached = byAttribute.get(attribute)
  if (cached !== undefined) return cached
  const spec = EXCHANGES[kind]?.[attribute]
  const column = table.columns[attribute]
  if (spec === undefined || column?.type !== 'dict' || (column.dictionary?.length ?? 0) < 2) {
    throw new NotEvaluable(say('noExchangeForKind', { kind, attribute }))
  }
  const pairs = matchPairs(table, viewColumn(column) as ArrayLike<number>, column.dictionary!.length, spec)
  byAttribute.set(attribute, pairs)
  return pairs
}

function matchPairs(table: TableData, group: ArrayLike<number>, groups: number, spec: ExchangeSpec): Int32Array {
  const n = table.rows
  const strata = spec.strata.map((name) => viewColumn(table.columns[name]!) as ArrayLike<number>)
  const near = spec.near ? (viewColumn(table.columns[spec.near.column]!) as ArrayLike<number>) : undefined
  // A scrambled but fixed order breaks ties (and is the whole order when nothing needs matching).
  const scramble = (r: number) => Math.imul(r + 1, 0x9e3779b1) >>> 0
  const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => {
    for (const s of strata) if (s[a] !== s[b]) return s[a]! - s[b]!
    if (near !== undefined && near[a] !== near[b]) return near[a]! - near[b]!
    return scramble(a) - scramble(b)
  })
  const sameStratum = (a: number, b: number) => strata.every((s) => s[a] === s[b])
  const close = (a: number, b: number) => {
    if (near === undefined || spec.near === undefined) return true
    const d = Math.abs(near[a]! - near[b]!)
    return spec.near.absolute !== undefined ? d <= spec.near.absolute : d <= (spec.near.relative ?? 0) * Math.max(Math.abs(near[a]!), Math.abs(near[b]!))
  }
  const queues: number[][] = Array.from({ length: groups }, () => [])
  const heads = new Int32Array(groups)
  const out: number[] = []
  for (const r of order) {
    const g = group[r]!
    let partner = -1
    for (let h = 0; h < groups && partner < 0; h++) {
      if (h === g) continue
      const q = queues[h]!
      // Drop waiting rows the walk has left behind (another stratum, or too far by now).
      while (heads[h]! < q.length && !(sameStratum(q[heads[h]!]!, r) && close(q[heads[h]!]!, r))) heads[h]!++
      for (let k = heads[h]!; k < q.length; k++) {
        const candidate = q[k]!
        if (candidate < 0) continue
        if (spec.feasible !== undefined && !spec.feasible(table, candidate, r)) continue
        partner = candidate
        q[k] = -1
        break
      }
    }
    if (partner < 0) queues[g]!.push(r)
    else out.push(partner, r)
  }
  return Int32Array.from(out)
}

/** The evaluation table (and, for a shared dictionary, the training table) with the pairs exchanged. */
function exchanged(dataset: GeneratedDataset, attribute: string, pairs: Int32Array): GeneratedDataset {
  const spec = EXCHANGES[dataset.kind]![attribute]!
  const evaluation = dataset.evaluation
  const columns: Record<string, ColumnData> = { ...evaluation.columns }
  const swap = (name: string) => {
    const col = evaluation.columns[name]
    if (col === undefined) return
    const buffer = col.buffer.slice(0)
    const values = col.type === 'dict' ? dictCodesFor(buffer, col.dictionary?.length ?? 0) : (viewColumn({ ...col, buffer }) as unknown as { [i: number]: number })
    for (let p = 0; p < pairs.length; p += 2) {
      const i = pairs[p]!
      const j = pairs[p + 1]!
      const t = values[i]!
      values[i] = values[j]!
      values[j] = t
    }
    columns[name] = { ...col, buffer }
  }
  for (const name of [attribute, ...spec.with]) swap(name)
  let training = dataset.training
  const ids = evaluation.columns['nationalId']
  if (spec.nationalId !== undefined && ids?.type === 'dict' && ids.dictionary !== undefined) {
    // Each ID is its row's own dictionary entry: rewriting the entry in place keeps the dictionary's
    // order and size, and the training partition gets the same dictionary, as in the main run.
    const dictionary = [...ids.dictionary]
    const codes = viewColumn(ids) as ArrayLike<number>
    const newGroup = viewColumn(columns[attribute]!) as ArrayLike<number>
    const groupNames = evaluation.columns[attribute]!.dictionary!
    const age = columns['age'] ? (viewColumn(columns['age']) as ArrayLike<number>) : undefined
    for (let p = 0; p < pairs.length; p++) {
      const r = pairs[p]!
      const code = codes[r]!
      dictionary[code] = rewriteNationalId(dictionary[code]!, spec.nationalId === 'gender' ? { female: groupNames[newGroup[r]!] === 'female' } : { age: age![r]! })
    }
    columns['nationalId'] = { ...ids, dictionary }
    const trainingIds = training.columns['nationalId']
    if (trainingIds !== undefined) training = { ...training, columns: { ...training.columns, nationalId: { ...trainingIds, dictionary } } }
  }
  return { ...dataset, training, evaluation: { ...evaluation, columns } }
}

/**
 * The datasets a re-run sees. For `exchange-attribute`, every dataset whose kind declares the
 * attribute has it exchanged between its matched pairs (both directions: each row takes its
 * partner's group), with the proxies the kind declares moved along.
 */
export function rerunDatasets(datasets: Record<string, GeneratedDataset>, request: RerunRequest): Record<string, GeneratedDataset> {
  if (request.kind === 'repeat') return datasets
  if (request.kind === 'out-of-time') return Object.fromEntries(Object.entries(datasets).map(([name, d]) => [name, d.kind === 'credit-applicants' || d.kind === 'sme-loans' ? outOfTimeDataset(d) : d]))
  let found = false
  const out: Record<string, GeneratedDataset> = {}
  for (const [name, dataset] of Object.entries(datasets)) {
    if (EXCHANGES[dataset.kind]?.[request.attribute] === undefined) {
      out[name] = dataset
      continue
    }
    const pairs = exchangePairs(dataset.kind, dataset.evaluation, request.attribute)
    found = true
    // No two rows match (a very small table): nothing is exchanged, and the check says so.
    out[name] = pairs.length === 0 ? dataset : exchanged(dataset, request.attribute, pairs)
  }
  if (!found) throw new NotEvaluable(say('noExchangeInRun', { attribute: request.attribute }))
  return out
}
