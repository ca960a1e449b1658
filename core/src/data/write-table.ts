/**
 * Streams a table out as CSV (RFC 4180) or JSON Lines, a few thousand rows per write, waiting for
 * the stream to drain so memory stays flat however large the table.
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { type TableData, viewColumn } from '@bund/sdk'

export type TableFormat = 'csv' | 'jsonl'

export interface WriteTableOptions {
  format: TableFormat
  /** Write the CSV header line (default true; JSON Lines has none). */
  header?: boolean
  /** Constant columns put first on every row, e.g. `{ partition: 'training' }`. */
  constants?: Record<string, string>
  /** Called after each chunk with the rows written so far. */
  onProgress?: (rowsWritten: number) => void
}

const CHUNK_ROWS = 4096

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s)

/** Writes `table` to `out` (left open). */
export async function writeTable(table: TableData, out: Writable, options: WriteTableOptions): Promise<void> {
  const csv = options.format === 'csv'
  const constants = Object.entries(options.constants ?? {})
  const columns = Object.entries(table.columns).map(([name, data]) => ({ name, view: viewColumn(data), dictionary: data.dictionary }))
  const names = [...constants.map(([name]) => name), ...columns.map((c) => c.name)]
  // The constant part of every line, and each column's key, computed once.
  const lead = csv ? constants.map(([, value]) => csvCell(value)) : constants.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`)
  const keys = columns.map((c) => `${JSON.stringify(c.name)}:`)
  const dictionaries = columns.map((c) => (c.dictionary ? c.dictionary.map((v) => (csv ? csvCell(v) : JSON.stringify(v))) : undefined))
  if (csv && options.header !== false) await write(out, `${names.map(csvCell).join(',')}\n`)
  for (let start = 0; start < table.rows; start += CHUNK_ROWS) {
    const end = Math.min(table.rows, start + CHUNK_ROWS)
    let text = ''
    for (let i = start; i < end; i++) {
      const cells = lead.slice()
      for (let c = 0; c < columns.length; c++) {
        const value = (columns[c]!.view as ArrayLike<number>)[i] as number
        const dictionary = dictionaries[c]
        const cell = dictionary ? (dictionary[value] as string) : String(value)
        cells.push(csv ? cell : keys[c] + cell)
      }
      text += csv ? `${cells.join(',')}\n` : `{${cells.join(',')}}\n`
    }
    await write(out, text)
    options.onProgress?.(end)
  }
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain')
}
