import type { DictCodes, TableData } from '@bund/sdk'
import { NotEvaluable } from './check.js'
import { categorical } from './tables.js'
import { say } from './verdict-text.js'

/** One group's share: `hits` of `count`. */
export interface GroupRate {
  count: number
  hits: number
  rate: number
}

/** Rates per group, and the groups with the lowest and highest rate. */
export interface GroupRates {
  groups: Record<string, GroupRate>
  lowest: { group: string; rate: number }
  highest: { group: string; rate: number }
}

/**
 * For each group of a categorical attribute: the share of decisions with `hit[i] = 1`, over the
 * decisions `i` whose applicant row is `row[i]` — leaving out, when `exclude` is given, decisions
 * whose applicant has `exclude[row] = 1` (e.g. the defaulters, for true-positive rates). Groups
 * with no such decision are left out; fewer than two groups is not evaluable.
 */
export function groupRates(codes: DictCodes, dictionary: readonly string[], row: Int32Array, hit: Uint8Array, exclude?: Uint8Array): GroupRates {
  const count = new Float64Array(dictionary.length)
  const hits = new Float64Array(dictionary.length)
  if (exclude === undefined) {
    for (let i = 0; i < row.length; i++) {
      const g = codes[row[i]!]!
      count[g]!++
      hits[g]! += hit[i]!
    }
  } else {
    for (let i = 0; i < row.length; i++) {
      const r = row[i]!
      if (exclude[r] === 1) continue
      const g = codes[r]!
      count[g]!++
      hits[g]! += hit[i]!
    }
  }
  const groups: Record<string, GroupRate> = {}
  let lowest = { group: '', rate: Number.POSITIVE_INFINITY }
  let highest = { group: '', rate: Number.NEGATIVE_INFINITY }
  for (let g = 0; g < dictionary.length; g++) {
    if (count[g] === 0) continue
    const rate = hits[g]! / count[g]!
    groups[dictionary[g]!] = { count: count[g]!, hits: hits[g]!, rate }
    if (rate < lowest.rate) lowest = { group: dictionary[g]!, rate }
    if (rate > highest.rate) highest = { group: dictionary[g]!, rate }
  }
  if (Object.keys(groups).length < 2) throw new NotEvaluable(say('fewerThanTwoGroups'))
  return { groups, lowest, highest }
}

/** The codes and groups of a protected attribute of the applicants. */
export function protectedAttribute(applicants: TableData, attribute: string): { codes: DictCodes; dictionary: readonly string[] } {
  const column = applicants.columns[attribute]
  if (column?.type !== 'dict' || column.dictionary === undefined) throw new NotEvaluable(say('noCategoricalAttribute', { attribute }))
  return categorical(applicants, attribute)
}

const approvalCache = new WeakMap<Int32Array, Map<string, GroupRates>>()

/**
 * Approval rates by group for one join and attribute, computed once: the four-fifths and the
 * parity checks read the same rates.
 */
export function approvalRates(applicants: TableData, attribute: string, row: Int32Array, approved: Uint8Array): GroupRates {
  let byAttribute = approvalCache.get(row)
  if (byAttribute === undefined) approvalCache.set(row, (byAttribute = new Map()))
  let rates = byAttribute.get(attribute)
  if (rates === undefined) {
    const { codes, dictionary } = protectedAttribute(applicants, attribute)
    byAttribute.set(attribute, (rates = groupRates(codes, dictionary, row, approved)))
  }
  return rates
}
