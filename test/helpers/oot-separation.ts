/**
 * How well can one execution of a run tell whether it is the main run or the host's out-of-time
 * re-run? For each key, both executions' datasets are made as the worker makes them; every
 * statistic a scenario can compute cheaply from what it sees (per column: the evaluation mean, the
 * evaluation minus training mean, the evaluation standard deviation; per dictionary value: its
 * share; whether the partitions share their PII dictionaries; row counts) is computed for each
 * execution, and the best single threshold on each statistic is scored by the share of executions
 * it labels correctly (0.5 is chance, 1 a perfect separator). `before` rebuilds the earlier
 * arrangement (main: no drift; re-run: a fresh draw with a year of drift, training untouched).
 */
import { createHash } from 'node:crypto'
import { type GeneratedDataset, generateDataset, mainPeriodSpec, outOfTimeDataset } from '@bund/core'
import { type DatasetSpec } from '@bund/core'
import { viewColumn } from '@bund/sdk'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** The statistics of one execution, by name. */
function statistics(d: GeneratedDataset): Record<string, number> {
  const out: Record<string, number> = { rows: d.evaluation.rows, trainingRows: d.training.rows }
  for (const [name, col] of Object.entries(d.evaluation.columns)) {
    if (d.labels.includes(name) || name === 'id') continue
    const train = d.training.columns[name]!
    if (col.type === 'dict') {
      out[`${name}:sharedDictionary`] = col.dictionary === train.dictionary || JSON.stringify(col.dictionary) === JSON.stringify(train.dictionary) ? 1 : 0
      if ((col.dictionary?.length ?? 0) > 8) continue
      const codes = viewColumn(col) as ArrayLike<number>
      col.dictionary!.forEach((_, k) => {
        let n = 0
        for (let i = 0; i < codes.length; i++) if (codes[i] === k) n++
        out[`${name}=${col.dictionary![k]}`] = n / codes.length
      })
      continue
    }
    const e = viewColumn(col) as ArrayLike<number>
    const t = viewColumn(train) as ArrayLike<number>
    for (const [tag, f] of [['', (x: number) => x], ['log ', (x: number) => Math.log(Math.max(x, 1e-9))]] as const) {
      const m = (a: ArrayLike<number>) => {
        let s = 0
        for (let i = 0; i < a.length; i++) s += f(a[i]!)
        return s / a.length
      }
      const me = m(e)
      let v = 0
      for (let i = 0; i < e.length; i++) v += (f(e[i]!) - me) ** 2
      out[`mean ${tag}${name}`] = me
      out[`mean ${tag}${name} (evaluation − training)`] = me - m(t)
      out[`sd ${tag}${name}`] = Math.sqrt(v / e.length)
    }
  }
  return out
}

/** The share of executions the best threshold on `values` labels right (either direction). */
export function bestThresholdAccuracy(values: number[], isMain: boolean[]): number {
  const order = values.map((v, i) => [v, isMain[i]!] as const).sort((a, b) => a[0] - b[0])
  const n = order.length
  const mains = isMain.filter(Boolean).length
  let best = Math.max(mains, n - mains)
  let mainsBelow = 0
  for (let k = 0; k < n; k++) {
    if (order[k]![1]) mainsBelow++
    if (k + 1 < n && order[k + 1]![0] === order[k]![0]) continue
    const below = k + 1
    const right = mainsBelow + (n - mains - (below - mainsBelow)) // main below, re-run above
    best = Math.max(best, right, n - right)
  }
  return best / n
}

export interface Separation {
  executions: number
  /** The best statistic and its accuracy. */
  best: { statistic: string; accuracy: number }
  /** Every statistic's accuracy, best first. */
  all: Array<{ statistic: string; accuracy: number }>
}

/** Both executions of `seeds` runs of credit-applicants (rows/trainingRows as the built-in risk model asks). */
export function measureSeparation(arrangement: 'before' | 'after', seeds: number, rows = 10_000, trainingRows = 10_000): Separation {
  const stats: Array<Record<string, number>> = []
  const isMain: boolean[] = []
  for (let s = 1; s <= seeds; s++) {
    const base: DatasetSpec = { kind: 'credit-applicants', rows, trainingRows, pii: true, seed: sha256(`bund/oot-separation/${s}`) }
    let main: GeneratedDataset
    let oot: GeneratedDataset
    if (arrangement === 'after') {
      main = generateDataset(mainPeriodSpec(base))
      oot = outOfTimeDataset(main)
    } else {
      main = generateDataset(base)
      const later = generateDataset({ ...base, seed: sha256(`${base.seed}/out-of-time`), options: { drift: 1 } })
      oot = { ...main, evaluation: later.evaluation }
    }
    stats.push(statistics(main), statistics(oot))
    isMain.push(true, false)
  }
  const names = Object.keys(stats[0]!)
  const all = names.map((statistic) => ({ statistic, accuracy: bestThresholdAccuracy(stats.map((x) => x[statistic]!), isMain) })).sort((a, b) => b.accuracy - a.accuracy)
  return { executions: stats.length, best: all[0]!, all }
}

/** What the best of `statistics` threshold separators reaches on labels that mean nothing (a fair-coin null), its `q` quantile. */
export function chanceLevel(statistics: number, executions: number, q = 0.95, trials = 400): number {
  let state = 12345
  const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32)
  const maxima: number[] = []
  for (let t = 0; t < trials; t++) {
    const isMain = Array.from({ length: executions }, (_, i) => i % 2 === 0)
    let best = 0
    for (let s = 0; s < statistics; s++) best = Math.max(best, bestThresholdAccuracy(Array.from({ length: executions }, rand), isMain))
    maxima.push(best)
  }
  maxima.sort((a, b) => a - b)
  return maxima[Math.floor(q * trials)]!
}
