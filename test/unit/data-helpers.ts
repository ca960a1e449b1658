/** Shared helpers of the data tests: hashing tables and reading columns. */
import { createHash } from 'node:crypto'
import type { GeneratedDataset } from '@bund/core'
import { type TableData, viewColumn } from '@bund/sdk'

/** sha256 over every column (name, dictionary, bytes) of both partitions and the companions. */
export function datasetHash(d: GeneratedDataset): string {
  const h = createHash('sha256')
  const add = (label: string, t: TableData) => {
    h.update(`${label}:${t.rows};`)
    for (const [name, col] of Object.entries(t.columns)) {
      h.update(`${name}:${col.type}:${JSON.stringify(col.dictionary ?? null)};`)
      h.update(new Uint8Array(col.buffer))
    }
  }
  add('training', d.training)
  add('evaluation', d.evaluation)
  for (const [name, t] of Object.entries(d.companions ?? {})) add(name, t)
  return h.digest('hex')
}

/** A numeric column as numbers. */
export function nums(t: TableData, name: string): ArrayLike<number> {
  const col = t.columns[name]
  if (col === undefined) throw new Error(`no column ${name}`)
  return viewColumn(col) as ArrayLike<number>
}

/** A dictionary column decoded per row. */
export function strs(t: TableData, name: string): (i: number) => string {
  const col = t.columns[name]
  if (col === undefined || col.dictionary === undefined) throw new Error(`no dictionary column ${name}`)
  const codes = viewColumn(col) as ArrayLike<number>
  const dictionary = col.dictionary
  return (i) => dictionary[codes[i] as number] as string
}

/** The share of rows where `pick` holds whose `label` is 1. */
export function rateOf(label: ArrayLike<number>, pick: (i: number) => boolean = () => true): number {
  let n = 0
  let y = 0
  for (let i = 0; i < label.length; i++) {
    if (!pick(i)) continue
    n++
    y += label[i] as number
  }
  return y / n
}
