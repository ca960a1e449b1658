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

// Built-ins captured when this module is evaluated — inside the sandbox, before any scenario code.
// A scenario may patch globals and prototypes before its run starts; a Table must not hand a column
// to a patched `Uint8Array`, `Object.entries`, Map method, setter or typed-array getter, which would
// reach the data without the read being recorded.
const { entries: objectEntries, create: objectCreate, freeze: objectFreeze, defineProperty: objectDefine } = Object
const { apply: reflectApply } = Reflect
const U8 = Uint8Array
const U16 = Uint16Array
const U32 = Uint32Array
const typedArrayLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'length')!.get!

/** The narrowest code array for a dictionary of `size` values. */
export function dictCodesFor(buffer: ArrayBuffer, size: number): DictCodes {
  if (size <= 0x100) return new U8(buffer)
  if (size <= 0x10000) return new U16(buffer)
  return new U32(buffer)
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
  declare readonly codes: DictCodes
  declare readonly dictionary: readonly string[]
  #index: Map<string, number> | undefined
  constructor(data: ColumnData) {
    const source = data.dictionary ?? []
    const dictionary: string[] = []
    for (let i = 0; i < source.length; i++) objectDefine(dictionary, i, { value: source[i], enumerable: true, writable: true, configurable: true })
    // Defined, not assigned: a setter planted on Object.prototype must not see the codes.
    objectDefine(this, 'dictionary', { value: objectFreeze(dictionary), enumerable: true })
    objectDefine(this, 'codes', { value: dictCodesFor(data.buffer, dictionary.length), enumerable: true })
  }
  get(i: number): string {
    return this.dictionary[this.codes[i] ?? -1] as string
  }
  codeOf(value: string): number {
    this.#index ??= new Map(this.dictionary.map((v, i) => [v, i]))
    return this.#index.get(value) ?? -1
  }
}

/** Called with a column's name each time a table hands out that column's values. */
export type ColumnReadHook = (column: string) => void

/**
 * A read-only columnar table. Read whole columns for speed; `row(i)` is for convenience.
 * `column()`, `row()` and iteration are the only ways to the values; inside the sandbox every one
 * of them reports the column it reads to the runtime (the run's read-set).
 */
export class Table<S extends TableSchema = TableSchema> {
  /** Number of rows. */
  readonly rows: number
  /**
   * Column names, in their declared order. Typed `string` (not the schema's keys) so the table is
   * covariant: a table with more columns (a training partition, with labels) can be passed where one
   * with fewer is expected (see FeatureTable).
   */
  readonly names: readonly string[]
  // Prototype-less records, read by plain property access: no Map method to patch.
  readonly #columns: Record<string, unknown> = objectCreate(null)
  readonly #types: Record<string, ColumnType> = objectCreate(null)
  readonly #onRead: ColumnReadHook | undefined

  constructor(data: TableData, onRead?: ColumnReadHook) {
    this.rows = data.rows
    this.#onRead = onRead
    const names: string[] = []
    const columns = objectEntries(data.columns)
    for (let c = 0; c < columns.length; c++) {
      const [name, col] = columns[c]!
      const view = col.type === 'dict' ? new DictionaryColumn(col) : viewColumn(col)
      const length = reflectApply(typedArrayLength, col.type === 'dict' ? (view as StringColumn).codes : view, []) as number
      if (length !== data.rows) throw new RangeError(`column ${name} has ${length} values for ${data.rows} rows`)
      this.#columns[name] = view
      this.#types[name] = col.type
      objectDefine(names, names.length, { value: name, enumerable: true, writable: true, configurable: true })
    }
    this.names = names
  }

  /** True when the table has a column of that name. */
  has(name: string): boolean {
    return this.#types[name] !== undefined
  }

  /** The type of a column. */
  typeOf<K extends keyof S & string>(name: K): S[K] {
    const type = this.#types[name]
    if (type === undefined) throw new RangeError(`no column named ${name}; columns: ${this.names.join(', ')}`)
    return type as S[K]
  }

  /** A column: a typed array for numbers, a {@link StringColumn} for strings. */
  column<K extends keyof S & string>(name: K): ColumnOf<S[K]> {
    const col = this.#types[name] === undefined ? undefined : this.#columns[name]
    if (col === undefined) throw new RangeError(`no column named ${name}; columns: ${this.names.join(', ')}`)
    this.#onRead?.(name)
    return col as ColumnOf<S[K]>
  }

  /** Row `i` decoded into a plain object (every column counts as read). Allocates: use columns in hot loops. */
  row(i: number): RowOf<S> {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) throw new RangeError(`row ${i} is outside 0..${this.rows - 1}`)
    const out: Record<string, number | string> = {}
    for (let c = 0; c < this.names.length; c++) {
      const name = this.names[c]!
      const col = this.#columns[name]
      this.#onRead?.(name)
      out[name] = col instanceof DictionaryColumn ? col.get(i) : ((col as Float64Array)[i] as number)
    }
    return out as RowOf<S>
  }

  /** Iterates decoded rows. Allocates one object per row. */
  *[Symbol.iterator](): IterableIterator<RowOf<S>> {
    for (let i = 0; i < this.rows; i++) yield this.row(i)
  }
}
