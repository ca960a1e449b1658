/**
 * The monitored stream: the training partition (the earlier days) followed by the evaluation
 * partition (the later days), as one time-ordered set of typed arrays. Patterns that began before
 * the evaluation period are seen whole; only evaluation transactions are alerted and reported.
 */
import type { StringColumn, Table, TRANSACTIONS } from '@bund/sdk'

/** Transaction types, in the order of the codes below. */
export const TYPE = { cashIn: 0, cashOut: 1, transfer: 2, payment: 3, crossBorder: 4, other: 5 } as const
const TYPE_NAMES: Record<string, number> = { 'cash-in': 0, 'cash-out': 1, transfer: 2, payment: 3, 'cross-border': 4 }

export interface Stream {
  rows: number
  /** Index of the first evaluation transaction. */
  firstEvaluation: number
  id: Uint32Array
  time: Float64Array
  /** A TYPE code. */
  type: Uint8Array
  /** In the transaction's currency. */
  amount: Float64Array
  /** In CNY, at the rates given. */
  cny: Float64Array
  /** 1 when the currency is not CNY. */
  foreign: Uint8Array
  from: Uint32Array
  to: Uint32Array
  /** 1 when that side is a person (not a company). */
  fromPerson: Uint8Array
  toPerson: Uint8Array
  /** 1 when the two sides are in different countries, or the type is cross-border. */
  crossBorder: Uint8Array
}

/** Decodes a dictionary column into per-row codes of our own, by value. */
function recode(column: StringColumn, map: (value: string) => number, into: Uint8Array, offset: number): void {
  const byCode = column.dictionary.map(map)
  for (let i = 0; i < column.codes.length; i++) into[offset + i] = byCode[column.codes[i]!]!
}

/** Joins the partitions into one stream; `rates` gives CNY per unit of each currency. */
export function streamOf(parts: readonly Table<typeof TRANSACTIONS>[], rates: Readonly<Record<string, number>>): Stream {
  const rows = parts.reduce((n, t) => n + t.rows, 0)
  const s: Stream = {
    rows,
    firstEvaluation: rows - (parts[parts.length - 1]?.rows ?? 0),
    id: new Uint32Array(rows),
    time: new Float64Array(rows),
    type: new Uint8Array(rows),
    amount: new Float64Array(rows),
    cny: new Float64Array(rows),
    foreign: new Uint8Array(rows),
    from: new Uint32Array(rows),
    to: new Uint32Array(rows),
    fromPerson: new Uint8Array(rows),
    toPerson: new Uint8Array(rows),
    crossBorder: new Uint8Array(rows),
  }
  const fromCountry = new Uint8Array(rows)
  const toCountry = new Uint8Array(rows)
  const countries = new Map<string, number>()
  const country = (c: string) => countries.get(c) ?? (countries.set(c, countries.size), countries.size - 1)
  let offset = 0
  for (const t of parts) {
    s.id.set(t.column('id'), offset)
    s.time.set(t.column('timestamp'), offset)
    s.amount.set(t.column('amount'), offset)
    s.from.set(t.column('fromAccount'), offset)
    s.to.set(t.column('toAccount'), offset)
    recode(t.column('type'), (v) => TYPE_NAMES[v] ?? TYPE.other, s.type, offset)
    recode(t.column('fromEntity'), (v) => (v === 'person' ? 1 : 0), s.fromPerson, offset)
    recode(t.column('toEntity'), (v) => (v === 'person' ? 1 : 0), s.toPerson, offset)
    recode(t.column('fromCountry'), country, fromCountry, offset)
    recode(t.column('toCountry'), country, toCountry, offset)
    const currency = t.column('currency')
    const rate = currency.dictionary.map((c) => {
      const r = rates[c]
      if (r === undefined) throw new RangeError(`no exchange rate for ${c}`)
      return r
    })
    recode(currency, (c) => (c === 'CNY' ? 0 : 1), s.foreign, offset)
    for (let i = 0; i < t.rows; i++) s.cny[offset + i] = s.amount[offset + i]! * rate[currency.codes[i]!]!
    offset += t.rows
  }
  for (let i = 0; i < rows; i++) s.crossBorder[i] = fromCountry[i] !== toCountry[i] || s.type[i] === TYPE.crossBorder ? 1 : 0
  return s
}
