/**
 * How the counterfactual probe may exchange a protected attribute between two rows of a generated
 * table without leaving a trace in its statistics: each generator knows what its attribute shapes.
 * Two rows are paired only when they agree on the columns the attribute influences (`strata`
 * exactly, `near` within a tolerance) and the exchange keeps both rows within the generator's
 * bounds; the columns in `with` (proxies) are exchanged along, and the national ID is rewritten.
 */
import type { DatasetKind, TableData } from '@bund/sdk'
import { viewColumn } from '@bund/sdk'

/** How one attribute of one kind is exchanged. */
export interface ExchangeSpec {
  /** Categorical columns the two rows must share (e.g. sector, which depends on region). */
  strata: readonly string[]
  /** A numeric column the rows must be close on, and how close (relative, or absolute). */
  near?: { column: string; relative?: number; absolute?: number }
  /** Columns exchanged along with the attribute (its numeric proxies, e.g. age for the age band). */
  with: readonly string[]
  /** How the national ID follows: its gender parity, or its birth year from `age`. */
  nationalId?: 'gender' | 'age'
  /** False when the exchange would take a row outside the generator's bounds. */
  feasible?: (table: TableData, i: number, j: number) => boolean
}

const num = (table: TableData, name: string) => viewColumn(table.columns[name]!) as ArrayLike<number>

/** Age moves employment and credit-history bounds: at most age − 18 years of either. */
function agesFit(table: TableData, i: number, j: number): boolean {
  const age = num(table, 'age')
  const employment = num(table, 'employmentYears')
  const history = num(table, 'creditHistoryMonths')
  const fits = (row: number, newAge: number) => employment[row]! <= newAge - 18 && history[row]! <= (newAge - 18) * 12
  return fits(i, age[j]!) && fits(j, age[i]!)
}

/** Per kind and protected attribute. Gender has no effect on anything in either kind: any two rows. */
export const EXCHANGES: Partial<Record<DatasetKind, Record<string, ExchangeSpec>>> = {
  'credit-applicants': {
    gender: { strata: [], with: [], nationalId: 'gender' },
    // Region shapes income only: pair applicants within 2% of each other's income.
    region: { strata: [], near: { column: 'income', relative: 0.02 }, with: [] },
    // The band is a function of age, which shapes income, tenure and history: exchange neighbouring
    // ages across a band boundary (at most a year apart), age and ID along with the band.
    ageBand: { strata: [], near: { column: 'age', absolute: 1 }, with: ['age'], nationalId: 'age', feasible: agesFit },
  },
  'sme-loans': {
    gender: { strata: [], with: [], nationalId: 'gender' },
    // Region shapes sector mix and turnover per head: same sector, turnover within 5%.
    region: { strata: ['sector'], near: { column: 'annualTurnover', relative: 0.05 }, with: [] },
  },
}
