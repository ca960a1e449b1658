/**
 * zod schemas for tables in wire form: each declared column present, of the declared type and
 * exactly `rows` long. Used by the host to validate what comes out of the isolate.
 */
import { z } from 'zod'
import { type ColumnType, type TableData, bytesPerElement } from '../table.js'

/** A zod schema for a {@link TableData} with exactly these columns. */
export function tableSchema(columns: Record<string, ColumnType>, options: { maxRows?: number } = {}) {
  const maxRows = options.maxRows ?? 10_000_000
  return z
    .object({
      rows: z.number().int().min(0).max(maxRows),
      columns: z.record(
        z.string(),
        z.object({
          type: z.enum(['f64', 'f32', 'i32', 'u32', 'u16', 'u8', 'dict']),
          buffer: z.instanceof(ArrayBuffer),
          dictionary: z.array(z.string()).optional(),
        }),
      ),
    })
    .superRefine((table, ctx) => {
      for (const [name, type] of Object.entries(columns)) {
        const col = table.columns[name]
        if (col === undefined) {
          ctx.addIssue({ code: 'custom', path: ['columns', name], message: `missing column ${name} (${type})` })
          continue
        }
        if (col.type !== type) {
          ctx.addIssue({ code: 'custom', path: ['columns', name, 'type'], message: `expected ${type}, got ${col.type}` })
          continue
        }
        if (type === 'dict' && col.dictionary === undefined) {
          ctx.addIssue({ code: 'custom', path: ['columns', name, 'dictionary'], message: 'a dict column needs its dictionary' })
          continue
        }
        const expected = table.rows * bytesPerElement(type, col.dictionary?.length ?? 0)
        if (col.buffer.byteLength !== expected) {
          ctx.addIssue({
            code: 'custom',
            path: ['columns', name, 'buffer'],
            message: `expected ${expected} bytes for ${table.rows} rows of ${type}, got ${col.buffer.byteLength}`,
          })
        }
      }
      for (const name of Object.keys(table.columns)) {
        if (!(name in columns)) ctx.addIssue({ code: 'custom', path: ['columns', name], message: `unexpected column ${name}` })
      }
    }) as unknown as z.ZodType<TableData>
}
