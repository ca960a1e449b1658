import type { ColumnData, DictCodes, NumericArrays, TableData } from '@bund/sdk'
import { bytesPerElement } from '@bund/sdk'

/** A numeric column in wire form. */
export function numeric<T extends keyof NumericArrays>(type: T, values: NumericArrays[T]): ColumnData {
  return { type, buffer: values.buffer as ArrayBuffer }
}

/** A dictionary column in wire form; the codes must be the width `bytesPerElement` gives. */
export function dict(codes: DictCodes, dictionary: readonly string[]): ColumnData {
  return { type: 'dict', buffer: codes.buffer as ArrayBuffer, dictionary: [...dictionary] }
}

/** Rows [start, end) of a table, as a new table with its own buffers (the whole table is returned as it is). */
export function sliceTable(table: TableData, start: number, end: number): TableData {
  if (start === 0 && end === table.rows) return table
  const columns: Record<string, ColumnData> = {}
  for (const [name, col] of Object.entries(table.columns)) {
    const width = bytesPerElement(col.type, col.dictionary?.length ?? 0)
    columns[name] = { ...col, buffer: col.buffer.slice(start * width, end * width) }
  }
  return { rows: end - start, columns }
}

/** The same table without the named columns (sharing the remaining buffers). */
export function dropColumns(table: TableData, names: readonly string[]): TableData {
  const columns = Object.fromEntries(Object.entries(table.columns).filter(([name]) => !names.includes(name)))
  return { rows: table.rows, columns }
}

/** A copy of the table with fresh buffers: what is transferred away must not be the host's own. */
export function copyTable(table: TableData): TableData {
  const columns: Record<string, ColumnData> = {}
  for (const [name, col] of Object.entries(table.columns)) columns[name] = { ...col, buffer: col.buffer.slice(0) }
  return { rows: table.rows, columns }
}

/** Total bytes of a table's columns. */
export function tableBytes(table: TableData): number {
  let n = 0
  for (const col of Object.values(table.columns)) n += col.buffer.byteLength
  return n
}
