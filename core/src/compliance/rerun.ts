/**
 * Re-runs some checks need: the same scenario run again in the worker, with the same inputs
 * (determinism), with a protected attribute exchanged between matched pairs of rows (the
 * counterfactual probe), in another period (out-of-time) or with another future (walk-forward). A check names the re-runs it needs; the job performs each distinct one
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
import { type DatasetSpec, type GeneratedDataset, type Period, type Seed, generateDataset } from '../data/index.js'
import { sha256 } from '../kernel/index.js'
import { EXCHANGES, type ExchangeSpec } from '../data/exchange.js'
import { rewriteNationalId } from '../data/pii.js'
import { NotEvaluable } from './check.js'
import type { RerunRequest } from './rerun-request.js'
import { say } from './verdict-text.js'

/** Years between the run's two evaluation periods (the out-of-time re-run measures this drift). */
export const OUT_OF_TIME_DRIFT = 1

/** Kinds with a documented `drift` option, so an out-of-time partition. */
export function hasOutOfTime(kind: DatasetKind): boolean {
  return kind === 'credit-applicants' || kind === 'sme-loans'
}

/**
 * Whether the main execution sees the later of the run's two evaluation periods: a fair coin from
 * the dataset's seed — secret for a blind run (its evaluation key, revealed with the publication),
 * public for a public one (an integer seed: local runs, where nothing is secret anyway).
 */
export function mainIsLater(seed: Seed): boolean {
  const digest = sha256(typeof seed === 'string' ? `${seed}/out-of-time/order` : `bund/out-of-time/order/${seed}`)
  return (Number.parseInt(digest.slice(0, 2), 16) & 1) === 1
}

/**
 * The periods of a run with an out-of-time re-run (README, "Out-of-time"): training half a period
 * after the evaluation's earlier period and half before its later one; the main execution sees one
 * evaluation period and the re-run the other, which one by `mainIsLater`. Drift is on top of the
 * dataset's own `options.drift`.
 */
export function outOfTimePeriod(seed: Seed, execution: 'main' | 'out-of-time'): Period {
  const later = mainIsLater(seed) === (execution === 'main')
  return { training: OUT_OF_TIME_DRIFT / 2, evaluation: later ? OUT_OF_TIME_DRIFT : 0 }
}

/** The spec of a run's dataset when the run has an out-of-time re-run: its main period. */
export function mainPeriodSpec(spec: DatasetSpec): DatasetSpec {
  return hasOutOfTime(spec.kind) ? { ...spec, period: outOfTimePeriod(spec.seed, 'main') } : spec
}

const outOfTimeCache = new WeakMap<GeneratedDataset, GeneratedDataset>()

/**
 * The dataset as the out-of-time re-run sees it: the same kind, rows, ids, options, seed and
 * training partition (so the model is the one the main run fitted), its evaluation partition the
 * same applicants in the run's other period. A dataset generated without the arrangement (no
 * `spec.period`) is taken as the earlier period. Labels and true probabilities stay on the host.
 * Deterministic for a given dataset.
 */
export function outOfTimeDataset(dataset: GeneratedDataset): GeneratedDataset {
  const cached = outOfTimeCache.get(dataset)
  if (cached !== undefined) return cached
  const spec = dataset.spec
  if (spec === undefined || !hasOutOfTime(dataset.kind)) throw new NotEvaluable(say('noOutOfTimePartition', { kind: dataset.kind }))
  const main = spec.period ?? { training: 0, evaluation: 0 }
  const other = spec.period === undefined ? { training: 0, evaluation: OUT_OF_TIME_DRIFT } : outOfTimePeriod(spec.seed, 'out-of-time')
  if (other.training !== main.training) throw new Error('the out-of-time periods must share the training period')
  const later = generateDataset({ ...spec, period: other })
  const out: GeneratedDataset = { ...dataset, evaluation: later.evaluation, ...(later.probabilities ? { probabilities: later.probabilities } : {}) }
  outOfTimeCache.set(dataset, out)
  return out
}

/**
 * The day from which the walk-forward probe's series takes another future: a day of the evaluation
 * period (indices over both partitions, as the `day` column counts), drawn from the dataset's seed —
 * secret for a blind run, so a scenario cannot tell which of its forecasts are compared.
 */
export function anotherFutureFrom(dataset: GeneratedDataset): number {
  const spec = dataset.spec
  if (spec === undefined || dataset.kind !== 'market-series' || dataset.evaluation.rows === 0) throw new NotEvaluable(say('noAnotherFuture', { kind: dataset.kind }))
  const day = viewColumn(dataset.evaluation.columns['day']!) as ArrayLike<number>
  const first = day[0]!
  const last = day[day.length - 1]!
  const digest = sha256(typeof spec.seed === 'string' ? `${spec.seed}/another-future/day` : `bund/another-future/day/${spec.seed}`)
  return first + (Number.parseInt(digest.slice(0, 12), 16) % (last - first + 1))
}

const anotherFutureCache = new WeakMap<GeneratedDataset, GeneratedDataset>()

/**
 * The dataset as the walk-forward probe sees it: the same series up to the day before
 * `anotherFutureFrom`, and from that day on another path of the same process from the same state
 * (data/market-series.ts). A forecast made from the past only is the same for every day up to and
 * including that day; one that read the day it forecasts is not.
 */
export function anotherFutureDataset(dataset: GeneratedDataset): GeneratedDataset {
  const cached = anotherFutureCache.get(dataset)
  if (cached !== undefined) return cached
  const out = generateDataset({ ...dataset.spec!, futureFrom: anotherFutureFrom(dataset) })
  anotherFutureCache.set(dataset, out)
  return out
}

/** Whether the out-of-time re-run saw the later period (the PSI's "actual" side). */
export function outOfTimeIsLater(dataset: GeneratedDataset): boolean {
  const spec = dataset.spec
  return spec?.period === undefined ? true : !mainIsLater(spec.seed)
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
  if (request.kind === 'out-of-time') return Object.fromEntries(Object.entries(datasets).map(([name, d]) => [name, hasOutOfTime(d.kind) ? outOfTimeDataset(d) : d]))
  if (request.kind === 'another-future') return Object.fromEntries(Object.entries(datasets).map(([name, d]) => [name, d.kind === 'market-series' ? anotherFutureDataset(d) : d]))
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
