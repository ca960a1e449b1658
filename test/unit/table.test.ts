import { Table, creditDecisions, reasonCode, reasonNumber, tableBuilder } from '@bund/sdk'
import { RESULT_SCHEMAS } from '@bund/sdk/schemas'
import { describe, expect, it } from 'vitest'

describe('Table', () => {
  const built = tableBuilder({ id: 'u32', income: 'f64', region: 'dict' }, 3)
  built.columns.id.set([1, 2, 3])
  built.columns.income.set([50_000, 72_500.5, 31_000])
  built.columns.region.set(0, 'urban')
  built.columns.region.set(1, 'rural')
  built.columns.region.set(2, 'urban')
  const table = new Table<{ id: 'u32'; income: 'f64'; region: 'dict' }>(built.build())

  it('exposes typed-array columns and dictionary-encoded strings', () => {
    expect(table.rows).toBe(3)
    expect(table.names).toEqual(['id', 'income', 'region'])
    expect(table.column('income')).toBeInstanceOf(Float64Array)
    expect(Array.from(table.column('income'))).toEqual([50_000, 72_500.5, 31_000])
    const region = table.column('region')
    expect(region.dictionary).toEqual(['urban', 'rural'])
    expect(region.codes).toBeInstanceOf(Uint8Array)
    expect(Array.from(region.codes)).toEqual([0, 1, 0])
    expect(region.get(1)).toBe('rural')
    expect(region.codeOf('rural')).toBe(1)
    expect(region.codeOf('suburban')).toBe(-1)
  })

  it('decodes rows for convenience', () => {
    expect(table.row(1)).toEqual({ id: 2, income: 72_500.5, region: 'rural' })
    expect([...table].map((r) => r.region)).toEqual(['urban', 'rural', 'urban'])
    expect(() => table.row(3)).toThrow(/row 3 is outside 0..2/)
  })

  it('names the columns it has when asked for one it lacks', () => {
    expect(() => table.column('gender' as never)).toThrow(/no column named gender; columns: id, income, region/)
  })

  it('refuses a column whose length does not match the rows', () => {
    expect(() => new Table({ rows: 4, columns: { x: { type: 'f64', buffer: new ArrayBuffer(8) } } })).toThrow(/column x has 1 values for 4 rows/)
  })
})

describe('credit-decisions builder and schema', () => {
  it('builds an output the host schema accepts, reasons stored by number', () => {
    const out = creditDecisions(2)
    out.set(0, { applicantId: 10, approved: true, score: 0.1, apr: 0.07 })
    out.set(1, { applicantId: 11, approved: false, score: 0.7, reasons: ['DEBT_TO_INCOME_HIGH', 'DELINQUENCY'] })
    const result = out.build({ name: 'm', features: ['a'] })
    expect(RESULT_SCHEMAS['credit-decisions'].safeParse(result).success).toBe(true)
    const r1 = new Uint8Array(result.decisions.columns['reason1']!.buffer)
    expect(reasonCode(r1[1]!)).toBe('DEBT_TO_INCOME_HIGH')
    expect(reasonNumber('DELINQUENCY')).toBe(new Uint8Array(result.decisions.columns['reason2']!.buffer)[1])
  })

  it('rejects more than four reasons and unknown codes', () => {
    const out = creditDecisions(1)
    expect(() => out.set(0, { applicantId: 1, approved: false, score: 1, reasons: ['DELINQUENCY', 'AMOUNT_TOO_HIGH', 'INCOME_INSUFFICIENT', 'EMPLOYMENT_SHORT', 'CASH_FLOW_WEAK'] })).toThrow(/at most 4/)
    expect(() => out.set(0, { applicantId: 1, approved: false, score: 1, reasons: ['NOPE' as never] })).toThrow(/unknown reason code NOPE/)
  })

  it('names the column and row of an out-of-range value', () => {
    const out = creditDecisions(2)
    out.set(0, { applicantId: 1, approved: true, score: 0.2 })
    out.set(1, { applicantId: 2, approved: true, score: Number.POSITIVE_INFINITY })
    const parsed = RESULT_SCHEMAS['credit-decisions'].safeParse(out.build())
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.path).toEqual(['decisions', 'score', 1])
  })
})
