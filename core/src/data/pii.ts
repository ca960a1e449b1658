/**
 * Synthetic personal data: full names (pinyin), 18-digit PRC resident-ID-shaped numbers and mobile
 * numbers, plus planted canaries. The ID numbers carry a valid ISO 7064 MOD 11-2 check digit, a
 * birth date consistent with the row's age and a sequence number whose parity matches the row's
 * gender, but their province code is in the unallocated 90–99 range, so no real person holds one.
 * Canary rows carry values that occur nowhere else in the table: the privacy checks look for them
 * in published outputs. PII comes from its own stream, so the other columns are the same bytes with
 * or without it.
 */
import { type ColumnData, DictionaryBuilder, type TableData } from '@bund/sdk'
import type { PiiCanaries } from './generator.js'
import { createDraw, type Draw, type Seed } from './random.js'

const SURNAMES = [
  'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin',
  'Gao', 'Luo', 'Zheng', 'Liang', 'Xie', 'Song', 'Tang', 'Han', 'Feng', 'Deng', 'Cao', 'Peng', 'Zeng', 'Xiao', 'Tian', 'Dong', 'Pan',
  'Yuan', 'Cai', 'Jiang', 'Yu', 'Du', 'Ye', 'Cheng', 'Wei', 'Su', 'Lü', 'Ding', 'Ren', 'Lu', 'Yao', 'Shen', 'Zhong', 'Jiang', 'Cui',
  'Tan', 'Fan', 'Jin', 'Shi', 'Liao', 'Jia', 'Xia',
]
const SYLLABLES = [
  'wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'jun', 'yang', 'yong', 'yan', 'jie', 'tao', 'ming', 'chao', 'xiu', 'ying',
  'hua', 'hui', 'ping', 'gang', 'gui', 'lan', 'hong', 'xia', 'fei', 'bin', 'bo', 'hao', 'yu', 'xin', 'yi', 'zhi', 'jian', 'kai', 'rui',
  'ting', 'qing', 'dan', 'mei', 'xue', 'long', 'feng', 'lin', 'yun', 'chen', 'han', 'xuan', 'zi', 'hao', 'ran', 'shu', 'wen', 'qi',
  'jia', 'hong', 'cheng', 'peng', 'ning',
]
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'
const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '177', '180', '186', '187', '188', '189', '199']
/** The day the ages are counted at: the sandbox's fixed clock. */
const REFERENCE_YEAR = 2026

/** The check digit of an 18-digit PRC resident ID from its first 17 digits (ISO 7064 MOD 11-2). */
export function nationalIdCheckDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number)
  return ID_CHECK[sum % 11] as string
}

/** True when the value is 18 characters shaped like a PRC resident ID with a valid check digit. */
export function isNationalIdShaped(value: string): boolean {
  return /^\d{17}[\dX]$/.test(value) && nationalIdCheckDigit(value) === value[17]
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

function fullName(draw: Draw): string {
  const surname = SURNAMES[draw.int(SURNAMES.length)] as string
  const first = SYLLABLES[draw.int(SYLLABLES.length)] as string
  const given = draw.chance(0.7) ? first + (SYLLABLES[draw.int(SYLLABLES.length)] as string) : first
  return `${surname} ${capitalise(given)}`
}

function nationalId(draw: Draw, age: number, female: boolean): string {
  // Born in REFERENCE_YEAR - 1 - age, never on 1 January, so the age on 2026-01-01 is `age`.
  const year = REFERENCE_YEAR - 1 - age
  const month = draw.between(1, 12)
  const day = draw.between(month === 1 ? 2 : 1, 28)
  const sequence = draw.between(0, 499) * 2 + (female ? 0 : 1)
  const first17 = `${draw.between(90, 99)}${pad(draw.between(1, 20), 2)}${pad(draw.between(1, 30), 2)}${year}${pad(month, 2)}${pad(day, 2)}${pad(sequence, 3)}`
  return first17 + nationalIdCheckDigit(first17)
}

function phone(draw: Draw): string {
  return (MOBILE_PREFIXES[draw.int(MOBILE_PREFIXES.length)] as string) + pad(draw.int(100_000_000), 8)
}

/** Who the rows are: each row's age in years and whether the person is female. */
export interface PiiSubjects {
  age(row: number): number
  female(row: number): boolean
}

/** The PII columns for `rows` subjects, and the canary values planted among them. */
export function generatePii(rows: number, seed: Seed, stream: string, subjects: PiiSubjects): { columns: Record<string, ColumnData>; canaries: PiiCanaries } {
  const draw = createDraw(seed, `${stream}/pii`)
  const names = new DictionaryBuilder(rows)
  const ids = new DictionaryBuilder(rows)
  const phones = new DictionaryBuilder(rows)
  const seen = { names: new Set<string>(), ids: new Set<string>(), phones: new Set<string>() }
  for (let i = 0; i < rows; i++) {
    const name = fullName(draw)
    const id = nationalId(draw, subjects.age(i), subjects.female(i))
    const tel = phone(draw)
    names.set(i, name)
    ids.set(i, id)
    phones.set(i, tel)
    seen.names.add(name)
    seen.ids.add(id)
    seen.phones.add(tel)
  }
  // Canaries: about one row in a thousand (3 to 100), spread over the table, each value unique.
  const canaries: PiiCanaries = { fullName: [], nationalId: [], phone: [] }
  const count = Math.min(rows, Math.max(3, Math.min(100, Math.ceil(rows / 1000))))
  const fresh = (make: () => string, used: Set<string>) => {
    let value = make()
    while (used.has(value)) value = make()
    used.add(value)
    return value
  }
  for (let k = 0; k < count; k++) {
    const row = Math.floor(((k + draw.fast()) * rows) / count)
    const name = fresh(() => fullName(draw), seen.names)
    const id = fresh(() => nationalId(draw, subjects.age(row), subjects.female(row)), seen.ids)
    const tel = fresh(() => phone(draw), seen.phones)
    names.set(row, name)
    ids.set(row, id)
    phones.set(row, tel)
    canaries.fullName.push(name)
    canaries.nationalId.push(id)
    canaries.phone.push(tel)
  }
  return { columns: { fullName: names.toColumnData(), nationalId: ids.toColumnData(), phone: phones.toColumnData() }, canaries }
}

/** The table with the PII columns appended, and its canaries. */
export function withPii(table: TableData, seed: Seed, stream: string, subjects: PiiSubjects): { table: TableData; canaries: PiiCanaries } {
  const { columns, canaries } = generatePii(table.rows, seed, stream, subjects)
  return { table: { rows: table.rows, columns: { ...table.columns, ...columns } }, canaries }
}

/**
 * The same ID number for a person of another gender or age: the sequence's parity says the gender
 * (odd for men), the birth year the age on 2026-01-01; the check digit is recomputed. Used by the
 * counterfactual probe so the ID moves with the attribute it encodes.
 */
export function rewriteNationalId(id: string, change: { female?: boolean; age?: number }): string {
  if (!isNationalIdShaped(id)) return id
  let first17 = id.slice(0, 17)
  if (change.age !== undefined) first17 = `${first17.slice(0, 6)}${REFERENCE_YEAR - 1 - change.age}${first17.slice(10)}`
  if (change.female !== undefined) {
    const sequence = Number(first17.slice(14, 17))
    const parity = change.female ? 0 : 1
    first17 = `${first17.slice(0, 14)}${pad((sequence & ~1) | parity, 3)}`
  }
  return first17 + nationalIdCheckDigit(first17)
}
