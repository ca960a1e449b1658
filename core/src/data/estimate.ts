/**
 * What a dataset will cost before it is made: a small sample of the same kind and options is
 * generated, and its bytes per row (columns and dictionary text) scaled to the rows asked for.
 * The runner refuses a run whose datasets cannot fit its memory budget before generating them.
 */
import type { ColumnData, TableData } from '@bund/sdk'
import { LRUCache } from 'lru-cache'
import { type DatasetSpec, generateDataset } from './generate.js'

/** Rows of the sample (each partition), and below which the dataset is small enough not to matter. */
const SAMPLE_ROWS = 1024
/** Samples measured, per kind and options, kept per process. */
const MAX_REMEMBERED = 64
const bytesPerRow = new LRUCache<string, { perRow: number; fixed: number }>({ max: MAX_REMEMBERED })

/** Bytes of a table: its column buffers, and its dictionaries' text (UTF-16 in the host's heap). */
function bytesOf(table: TableData): number {
  let n = 0
  for (const col of Object.values(table.columns) as ColumnData[]) {
    n += col.buffer.byteLength
    for (const entry of col.dictionary ?? []) n += entry.length * 2 + 16
  }
  return n
}

/** The bytes `spec` will take once generated (both partitions and companion tables), estimated; 0 when small. */
export function estimateDatasetBytes(spec: DatasetSpec): number {
  const rows = spec.rows + (spec.trainingRows ?? 0)
  if (rows <= 2 * SAMPLE_ROWS) return 0
  const key = JSON.stringify([spec.kind, spec.options ?? {}, spec.pii === true])
  let measured = bytesPerRow.get(key)
  if (measured === undefined) {
    let sample: ReturnType<typeof generateDataset>
    try {
      sample = generateDataset({ ...spec, rows: SAMPLE_ROWS, trainingRows: spec.trainingRows ? SAMPLE_ROWS : 0, seed: 1 })
    } catch {
      // The request itself is invalid: generating it says why.
      return 0
    }
    const sampleRows = sample.evaluation.rows + sample.training.rows
    const tables = bytesOf(sample.evaluation) + bytesOf(sample.training)
    const fixed = Object.values(sample.companions ?? {}).reduce((n, t) => n + bytesOf(t), 0)
    measured = { perRow: tables / Math.max(1, sampleRows), fixed }
    bytesPerRow.set(key, measured)
  }
  // Companion tables are scaled too (a conservative bound when they grow with the rows).
  return Math.ceil(measured.perRow * rows + measured.fixed * Math.max(1, rows / (2 * SAMPLE_ROWS)))
}
