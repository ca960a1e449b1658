/** Reading the host's tables inside checks: a missing or mistyped column makes a check not evaluable. */
import { type DictCodes, type NumericArrays, type TableData, viewColumn } from '@bund/sdk'
import type { GeneratedDataset } from '../data/index.js'
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { say } from './verdict-text.js'

/** A numeric column of the given type. */
export function numeric<T extends keyof NumericArrays>(table: TableData, name: string, type: T, what = 'the table'): NumericArrays[T] {
  const col = table.columns[name]
  if (col === undefined || col.type !== type) throw new NotEvaluable(say('tableMissingColumn', { table: what, type, column: name }))
  return viewColumn(col) as NumericArrays[T]
}

/** A dictionary-encoded column: its codes and values. */
export function categorical(table: TableData, name: string, what = 'the table'): { codes: DictCodes; dictionary: readonly string[] } {
  const col = table.columns[name]
  if (col?.type !== 'dict' || col.dictionary === undefined) throw new NotEvaluable(say('tableMissingCategorical', { table: what, column: name }))
  return { codes: viewColumn(col) as DictCodes, dictionary: col.dictionary }
}

/** The run's one dataset of a kind. */
export function datasetOf(input: CheckInput, kind: GeneratedDataset['kind'] | readonly GeneratedDataset['kind'][]): GeneratedDataset {
  const kinds: readonly string[] = typeof kind === 'string' ? [kind] : kind
  const found = Object.values(input.datasets).filter((d) => kinds.includes(d.kind))
  if (found.length === 0) throw new NotEvaluable(say('noDatasetOfKind', { kinds: [...kinds] }))
  if (found.length > 1) throw new NotEvaluable(say('manyDatasetsOfKind', { count: found.length, kinds: [...kinds] }))
  return found[0]!
}

const indexes = new WeakMap<ArrayBuffer, IdIndex>()

/** The id index of a table's `id` column, built once per column (several checks join to the same rows). */
export function idIndexOf(table: TableData, what: string): IdIndex {
  const ids = numeric(table, 'id', 'u32', what)
  let index = indexes.get(ids.buffer as ArrayBuffer)
  if (index === undefined) indexes.set(ids.buffer as ArrayBuffer, (index = new IdIndex(ids)))
  return index
}

/** Maps ids to row numbers: a direct offset when the ids run consecutively (as generated), else a hash map. */
export class IdIndex {
  readonly #first: number
  readonly #contiguous: boolean
  readonly #map: Map<number, number> | undefined
  constructor(ids: Uint32Array) {
    this.#first = ids[0] ?? 0
    let contiguous = true
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] !== this.#first + i) {
        contiguous = false
        break
      }
    }
    this.#contiguous = contiguous
    if (!contiguous) {
      this.#map = new Map()
      for (let i = 0; i < ids.length; i++) this.#map.set(ids[i]!, i)
    }
    this.size = ids.length
  }
  readonly size: number
  /** The row of `id`, or -1 when there is none. */
  row(id: number): number {
    if (this.#contiguous) {
      const r = id - this.#first
      return r >= 0 && r < this.size ? r : -1
    }
    return this.#map!.get(id) ?? -1
  }
}
