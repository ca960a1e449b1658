import type { TableData } from '../table.js'
import { type NumericArrays, viewColumn } from '../table.js'

/**
 * A numeric column of a table that already passed tableSchema's checks, or undefined when the
 * table refinement reported it malformed (refinements must not read broken buffers).
 */
export function wellFormedColumn<T extends keyof NumericArrays>(table: TableData, name: string, type: T): NumericArrays[T] | undefined {
  const col = table.columns[name]
  if (col?.type !== type) return undefined
  const view = viewColumn(col) as NumericArrays[T]
  return view.length === table.rows ? view : undefined
}
