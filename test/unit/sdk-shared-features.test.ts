/**
 * Feature code shared between partitions type-checks with no cast: a training table (features and
 * labels) and an evaluation table (features only) both pass where a `FeatureTable<kind>` is asked
 * for, while labels stay out of reach of code that takes a `FeatureTable`. Compiled with the
 * settings of a `bund new` project (strict, noUncheckedIndexedAccess, no Node types).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'

const DIR = join(ROOT, 'node_modules', '.cache', 'bund-sdk-types-test')

/** Type errors of `source` compiled as a scenario file, as `line: message`. */
function typeErrors(name: string, source: string): string[] {
  mkdirSync(DIR, { recursive: true })
  const file = join(DIR, `${name}.ts`)
  writeFileSync(file, source)
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  })
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file).map((d) => {
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0)
    return `${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
}

const SHARED = `
import { CNY_PER_UNIT, type FeatureTable, type LabelledTable, type Table, type CREDIT_APPLICANTS, defineScenario, riskScores } from '@bund/sdk'

/** Shared feature code: takes either partition. */
export function affordability(t: FeatureTable<'credit-applicants'>): Float64Array {
  const income = t.column('income')
  const amount = t.column('requestedAmount')
  return Float64Array.from(income, (x, i) => amount[i]! / x)
}

/** Label-aware code takes the training partition. */
export function badRate(t: LabelledTable<'credit-applicants'>): number {
  return t.column('defaulted').reduce((s, d) => s + d, 0) / Math.max(1, t.rows)
}

/** The column schema itself works too (Table is covariant in its columns). */
export function rows(t: Table<typeof CREDIT_APPLICANTS>): number {
  return t.names.length > 0 && t.has('income') ? t.rows : 0
}

const usd: 7.1 = CNY_PER_UNIT.USD
export const rateOf = (currency: string): number | undefined => CNY_PER_UNIT[currency]

export default defineScenario({
  id: 'acme/shared', version: '1.0.0', title: 'Shared features', category: 'risk',
  datasets: { applicants: { kind: 'credit-applicants', rows: 100, trainingRows: 100 } },
  result: 'risk-scores',
  run(ctx) {
    const train = ctx.training.applicants
    const test = ctx.data.applicants
    const a = affordability(train)
    const b = affordability(test)
    rows(train)
    rows(test)
    const base = badRate(train) * usd / usd
    const out = riskScores(test.rows, train.rows)
    b.forEach((x, i) => out.scores.set(i, test.column('id')[i]!, Math.min(1, base * x)))
    a.forEach((x, i) => out.training.set(i, train.column('id')[i]!, Math.min(1, base * x)))
    return out.build({ name: 'n', method: 'm', features: ['income'], intendedUse: 'u', limitations: 'l' })
  },
})
`

describe('SDK types for shared feature code', () => {
  it('one helper takes the training and the evaluation partition, with no cast', () => {
    expect(SHARED).not.toMatch(/\bas (unknown|Table|FeatureTable|LabelledTable)\b|<Table/)
    expect(typeErrors('shared', SHARED)).toEqual([])
  }, 60_000)

  it('labels stay out of reach: the evaluation partition is not a LabelledTable, and a FeatureTable has no label column', () => {
    const errors = typeErrors('labels', `
import { type FeatureTable, type LabelledTable, defineScenario, riskScores } from '@bund/sdk'
export const label = (t: FeatureTable<'credit-applicants'>) => t.column('defaulted')
export const needsLabels = (t: LabelledTable<'credit-applicants'>) => t.rows
export default defineScenario({
  id: 'acme/labels', version: '1.0.0', title: 'Labels', category: 'risk',
  datasets: { applicants: { kind: 'credit-applicants', rows: 100 } },
  result: 'risk-scores',
  run(ctx) {
    needsLabels(ctx.data.applicants)
    return riskScores(0, 0).build({ name: 'n', method: 'm', features: [], intendedUse: 'u', limitations: 'l' })
  },
})
`)
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^3: Argument of type '"defaulted"'/)
    expect(errors[1]).toMatch(/^10: Argument of type 'Table</)
  }, 60_000)

  it('the built-in scenarios and the bund new templates carry no double cast', () => {
    const dirs = [join(ROOT, 'core', 'src', 'scaffold', 'templates'), ...readdirSync(join(ROOT, 'scenarios')).map((d) => join(ROOT, 'scenarios', d, 'src'))]
    const casts = dirs.flatMap((dir) => (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.includes('as unknown as')).map((l) => `${join(dir, f)}: ${l.trim()}`)))
    expect(casts).toEqual([])
  })

  it('the aml template takes its reporting thresholds from the SDK (the values the check uses) and reads columns without non-null assertions', () => {
    const aml = readFileSync(join(ROOT, 'core', 'src', 'scaffold', 'templates', 'aml.ts'), 'utf8')
    expect(aml).toContain('REPORTING_THRESHOLDS.cashCny')
    expect(aml).toContain('REPORTING_THRESHOLDS.personCrossBorderUsd')
    expect(aml).not.toMatch(/justBelow\([^)]*\d_000\)/)
    // A column read through a mapped tuple loses its name and needs `!` on every use.
    expect(aml).not.toMatch(/as const\)\.map\(\(\w+\) => \w+\.column\(/)
  })
})
