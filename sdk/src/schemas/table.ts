/**
 * zod schemas for tables in wire form: each declared column present, of the declared type and
 * exactly `rows` long. Used by the host to validate what comes out of the isolate.
 */
import { z } from 'zod'
import { type ColumnType, type TableData, bytesPerElement } from '../table.js'

/** A zod schema for a {@link TableData} with exactly these columns. */
export function tableSchema(columns: Record<string, ColumnType>, options: { maxRows?: number } = {}) {
  const maxRows = options.maxRows ?? 10_000_000
  // Column names are checked on the input's own keys, before zod copies the record: a key such as
  // `__proto__` would not survive the copy, and `constructor` is "in" every object.
  const exactColumns = z.unknown().superRefine((table, ctx) => {
    const cols = table !== null && typeof table === 'object' ? (Reflect.getOwnPropertyDescriptor(table, 'columns')?.value as unknown) : undefined
    if (cols === null || typeof cols !== 'object') return
    for (const name of Reflect.ownKeys(cols)) {
      if (typeof name !== 'string' || !Object.hasOwn(columns, name)) ctx.addIssue({ code: 'custom', path: ['columns', String(name)], message: `unexpected column ${String(name).slice(0, 60)}` })
    }
  })
  return exactColumns.pipe(z
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
        const col = Object.hasOwn(table.columns, name) ? table.columns[name] : undefined
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
    })) as unknown as z.ZodType<TableData>
}
