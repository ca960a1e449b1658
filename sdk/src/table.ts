/**
 * The columnar table every dataset arrives as, and the wire form it crosses the isolate boundary in.
 * Columns are typed arrays over one ArrayBuffer each; strings are dictionary-encoded.
 */

/** Storage type of one column. `dict` is a dictionary-encoded string column. */
export type ColumnType = 'f64' | 'f32' | 'i32' | 'u32' | 'u16' | 'u8' | 'dict'

/** The typed array behind each numeric column type. */
export interface NumericArrays {
  f64: Float64Array
  f32: Float32Array
  i32: Int32Array
  u32: Uint32Array
  u16: Uint16Array
  u8: Uint8Array
}

/** The codes of a dictionary column: the narrowest unsigned array that holds every code. */
export type DictCodes = Uint8Array | Uint16Array | Uint32Array

/** A column's names mapped to their types: the shape of a table. */
export type TableSchema = Record<string, ColumnType>

/** One column as it crosses the boundary: a bare ArrayBuffer, plus the dictionary for strings. */
export interface ColumnData {
  type: ColumnType
  buffer: ArrayBuffer
  dictionary?: string[]
}

/** A whole table in wire form: plain data only, so it can be transferred into an isolate. */
export interface TableData {
  rows: number
  columns: Record<string, ColumnData>
}

/** A dictionary-encoded string column. */
export interface StringColumn<V extends string = string> {
  /** One code per row, an index into `dictionary`. */
  readonly codes: DictCodes
  /** The distinct values, in code order. */
  readonly dictionary: readonly V[]
  /** The value of row `i`. */
  get(i: number): V
  /** The code of `value`, or -1 when it never occurs. */
  codeOf(value: string): number
}

/** What `table.column(name)` returns for a column of type `T`. */
export type ColumnOf<T extends ColumnType> = T extends keyof NumericArrays ? NumericArrays[T] : StringColumn

/** A decoded row: numbers for numeric columns, strings for dictionary columns. */
export type RowOf<S extends TableSchema> = { [K in keyof S]: S[K] extends 'dict' ? string : number }

const CONSTRUCTORS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  u16: Uint16Array,
  u8: Uint8Array,
} as const

/** The narrowest code array for a dictionary of `size` values. */
export function dictCodesFor(buffer: ArrayBuffer, size: number): DictCodes {
  if (size <= 0x100) return new Uint8Array(buffer)
  if (size <= 0x10000) return new Uint16Array(buffer)
  return new Uint32Array(buffer)
}

/** Bytes per element of a column type (for a dictionary column, depends on the dictionary size). */
export function bytesPerElement(type: ColumnType, dictionarySize = 0): number {
  if (type === 'dict') return dictionarySize <= 0x100 ? 1 : dictionarySize <= 0x10000 ? 2 : 4
  return CONSTRUCTORS[type].BYTES_PER_ELEMENT
}

/** Wraps a column's buffer in the typed array of its type. */
export function viewColumn(data: ColumnData): NumericArrays[keyof NumericArrays] | DictCodes {
  if (data.type === 'dict') return dictCodesFor(data.buffer, data.dictionary?.length ?? 0)
  return new CONSTRUCTORS[data.type](data.buffer)
}

class DictionaryColumn implements StringColumn {
  readonly codes: DictCodes
  readonly dictionary: readonly string[]
  #index: Map<string, number> | undefined
  constructor(data: ColumnData) {
    this.dictionary = Object.freeze([...(data.dictionary ?? [])])
    this.codes = dictCodesFor(data.buffer, this.dictionary.length)
  }
  get(i: number): string {
    return this.dictionary[this.codes[i] ?? -1] as string
  }
  codeOf(value: string): number {
    this.#index ??= new Map(this.dictionary.map((v, i) => [v, i]))
    return this.#index.get(value) ?? -1
  }
}

/** A read-only columnar table. Read whole columns for speed; `row(i)` is for convenience. */
export class Table<S extends TableSchema = TableSchema> {
  /** Number of rows. */
  readonly rows: number
  /**
   * Column names, in their declared order. Typed `string` (not the schema's keys) so the table is
   * covariant: a table with more columns (a training partition, with labels) can be passed where one
   * with fewer is expected (see FeatureTable).
   */
  readonly names: readonly string[]
  readonly #columns = new Map<string, unknown>()
  readonly #types = new Map<string, ColumnType>()

  constructor(data: TableData) {
    this.rows = data.rows
    for (const [name, col] of Object.entries(data.columns)) {
      const view = col.type === 'dict' ? new DictionaryColumn(col) : viewColumn(col)
      const length = col.type === 'dict' ? (view as StringColumn).codes.length : (view as Float64Array).length
      if (length !== data.rows) throw new RangeError(`column ${name} has ${length} values for ${data.rows} rows`)
      this.#columns.set(name, view)
      this.#types.set(name, col.type)
    }
    this.names = [...this.#columns.keys()]
  }

  /** True when the table has a column of that name. */
  has(name: string): boolean {
    return this.#columns.has(name)
  }

  /** The type of a column. */
  typeOf<K extends keyof S & string>(name: K): S[K] {
    const type = this.#types.get(name)
    if (type === undefined) throw new RangeError(`no column named ${name}; columns: ${this.names.join(', ')}`)
    return type as S[K]
  }

  /** A column: a typed array for numbers, a {@link StringColumn} for strings. */
  column<K extends keyof S & string>(name: K): ColumnOf<S[K]> {
    const col = this.#columns.get(name)
    if (col === undefined) throw new RangeError(`no column named ${name}; columns: ${this.names.join(', ')}`)
    return col as ColumnOf<S[K]>
  }

  /** Row `i` decoded into a plain object. Allocates: use columns in hot loops. */
  row(i: number): RowOf<S> {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) throw new RangeError(`row ${i} is outside 0..${this.rows - 1}`)
    const out: Record<string, number | string> = {}
    for (const [name, col] of this.#columns) {
      out[name] = col instanceof DictionaryColumn ? col.get(i) : ((col as Float64Array)[i] as number)
    }
    return out as RowOf<S>
  }

  /** Iterates decoded rows. Allocates one object per row. */
  *[Symbol.iterator](): IterableIterator<RowOf<S>> {
    for (let i = 0; i < this.rows; i++) yield this.row(i)
  }
}
