/**
 * Builders for columnar outputs: allocate typed columns once, fill them by index, then build.
 */
import { type ColumnData, type ColumnType, type NumericArrays, type TableData, dictCodesFor } from './table.js'

type NumericType = keyof NumericArrays
type BuilderColumn<T extends ColumnType> = T extends NumericType ? NumericArrays[T] : DictionaryBuilder

/** Accumulates string values into codes plus a dictionary (first-seen order). */
export class DictionaryBuilder {
  readonly #codes: Uint32Array
  readonly #index = new Map<string, number>()
  readonly dictionary: string[] = []
  constructor(rows: number) {
    this.#codes = new Uint32Array(rows)
  }
  /** Sets row `i` to `value`. */
  set(i: number, value: string): void {
    let code = this.#index.get(value)
    if (code === undefined) {
      code = this.dictionary.length
      this.dictionary.push(value)
      this.#index.set(value, code)
    }
    this.#codes[i] = code
  }
  /** The column in wire form, codes narrowed to the dictionary's size. */
  toColumnData(): ColumnData {
    const narrow = dictCodesFor(new ArrayBuffer(this.#codes.length * bytesFor(this.dictionary.length)), this.dictionary.length)
    narrow.set(this.#codes)
    return { type: 'dict', buffer: narrow.buffer as ArrayBuffer, dictionary: [...this.dictionary] }
  }
}

function bytesFor(size: number): number {
  return size <= 0x100 ? 1 : size <= 0x10000 ? 2 : 4
}

const CONSTRUCTORS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  u16: Uint16Array,
  u8: Uint8Array,
} as const

/** A table under construction: `columns.x[i] = v` for numbers, `columns.s.set(i, 'v')` for strings. */
export class TableBuilder<S extends Record<string, ColumnType>> {
  readonly rows: number
  readonly columns: { [K in keyof S]: BuilderColumn<S[K]> }
  readonly #schema: S

  constructor(schema: S, rows: number) {
    if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`)
    this.rows = rows
    this.#schema = schema
    const columns: Record<string, unknown> = {}
    for (const [name, type] of Object.entries(schema)) {
      columns[name] = type === 'dict' ? new DictionaryBuilder(rows) : new CONSTRUCTORS[type as NumericType](rows)
    }
    this.columns = columns as { [K in keyof S]: BuilderColumn<S[K]> }
  }

  /** The finished table in wire form. */
  build(): TableData {
    const columns: Record<string, ColumnData> = {}
    for (const [name, type] of Object.entries(this.#schema)) {
      const col = (this.columns as Record<string, unknown>)[name]
      columns[name] =
        type === 'dict' ? (col as DictionaryBuilder).toColumnData() : { type, buffer: (col as Float64Array).buffer as ArrayBuffer }
    }
    return { rows: this.rows, columns }
  }
}

/** Starts a columnar table of `rows` rows with the given column types. */
export function tableBuilder<S extends Record<string, ColumnType>>(schema: S, rows: number): TableBuilder<S> {
  return new TableBuilder(schema, rows)
}
