import type { ColumnData, TableData } from '@bund/sdk'
import { bytesPerElement } from '@bund/sdk'

/** Rows [start, end) of a table, as a new table with its own buffers. */
export function sliceTable(table: TableData, start: number, end: number): TableData {
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
