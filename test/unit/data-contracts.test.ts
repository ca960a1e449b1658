import { DATASET_KIND_NAMES, generateDataset, visibleEvaluation } from '@bund/core'
import { DATASET_KINDS, PII_COLUMNS, SETTLEMENT_PLANTED, Table, TRANSACTION_TYPES, TYPOLOGIES } from '@bund/sdk'
import { describe, expect, it } from 'vitest'

const typesOf = (columns: Record<string, { type: string }>) => Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, c.type]))

describe('data contracts', () => {
  it.each(DATASET_KIND_NAMES)('%s has exactly the SDK columns and labels, in both partitions', (kind) => {
    const meta = DATASET_KINDS[kind]
    const d = generateDataset({ kind, rows: 200, trainingRows: 50, seed: 1 })
    const expected = { ...meta.columns, ...meta.labels }
    expect(typesOf(d.training.columns)).toEqual(expected)
    expect(typesOf(d.evaluation.columns)).toEqual(expected)
    expect(Object.keys(d.evaluation.columns)).toEqual(Object.keys(expected))
    expect(d.labels).toEqual(Object.keys(meta.labels))
    expect(d.protected).toEqual(meta.protected)
    // What the scenario sees: no label, and a Table the SDK accepts.
    const visible = visibleEvaluation(d)
    expect(Object.keys(visible.columns)).toEqual(Object.keys(meta.columns))
    expect(new Table(visible).rows).toBe(d.evaluation.rows)
  })

  it.each(DATASET_KIND_NAMES)('%s has exactly the SDK companion tables', (kind) => {
    const meta = DATASET_KINDS[kind]
    const d = generateDataset({ kind, rows: 100, seed: 1 })
    expect(Object.keys(d.companions ?? {})).toEqual(Object.keys(meta.companions))
    for (const [name, columns] of Object.entries(meta.companions)) {
      const table = d.companions![name]!
      expect(typesOf(table.columns)).toEqual(columns)
      expect(new Table(table).rows).toBeGreaterThan(0)
    }
  })

  it('keeps the dictionary values other parts of Bund rely on', () => {
    const t = generateDataset({ kind: 'transactions', rows: 100_000, seed: 2, options: { launderingRate: 0.01 } }).evaluation
    expect(t.columns['typology']!.dictionary).toEqual(['none', ...TYPOLOGIES])
    expect(t.columns['type']!.dictionary).toEqual([...TRANSACTION_TYPES])
    expect(t.columns['fromEntity']!.dictionary).toEqual(['person', 'company'])
    expect(t.columns['toEntity']!.dictionary).toEqual(['person', 'company'])
    const s = generateDataset({ kind: 'settlement-instructions', rows: 100, seed: 2 }).evaluation
    expect(s.columns['planted']!.dictionary).toEqual([...SETTLEMENT_PLANTED])
    expect(SETTLEMENT_PLANTED).toEqual(['none', 'insufficient-funds', 'duplicate-e2e', 'unknown-participant'])
    const m = generateDataset({ kind: 'market-series', rows: 60, seed: 2 }).evaluation
    expect(Object.keys(m.columns)).toEqual(expect.arrayContaining(['regime', 'jump']))
  })

  it.each(['credit-applicants', 'sme-loans'] as const)('%s adds the PII columns only when asked', (kind) => {
    const plain = generateDataset({ kind, rows: 100, seed: 1 })
    const pii = generateDataset({ kind, rows: 100, trainingRows: 20, seed: 1, pii: true })
    for (const name of Object.keys(PII_COLUMNS)) {
      expect(plain.evaluation.columns[name]).toBeUndefined()
      expect(pii.evaluation.columns[name]?.type).toBe('dict')
      expect(pii.training.columns[name]?.type).toBe('dict')
    }
    expect(plain.canaries).toBeUndefined()
    expect(pii.canaries).toBeDefined()
  })

  it('ignores pii for kinds without personal data', () => {
    const d = generateDataset({ kind: 'transactions', rows: 100, seed: 1, pii: true })
    expect(d.evaluation.columns['fullName']).toBeUndefined()
    expect(d.canaries).toBeUndefined()
  })
})
