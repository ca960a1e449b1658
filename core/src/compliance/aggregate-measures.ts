/**
 * The measures an aggregate declares, resolved against the partition it counts (and the run's
 * result): how each value reads a row. Shared by the privacy checks that recompute cell values and
 * that test them for dominance.
 */
import { type Measure, type PublishedAggregate, type TableData, viewColumn } from '@bund/sdk'
import { type CheckInput, NotEvaluable } from './check.js'
import { partitionOf } from './aggregate-rows.js'
import { resultField, resultFieldsOf } from './result-fields.js'
import { say } from './verdict-text.js'

/** How one declared value reads a row: its number (mean, sum) or whether it counts (share). */
export type Reader = { stat: 'mean' | 'sum'; at: (row: number) => number; field?: string } | { stat: 'share'; is: (row: number) => boolean }

/** Every measure of an aggregate, resolved against the partition it counts (and the run's result). */
export function readersOf(input: CheckInput, a: PublishedAggregate): { readers: Map<string, Reader>; table: TableData } {
  const { table, labels, dataset } = partitionOf(input.datasets, a)
  const where = a.over!.dataset
  const readers = new Map<string, Reader>()
  for (const [value, m] of Object.entries(a.measures ?? {}) as Array<[string, Measure]>) {
    if ('result' in m) {
      const field = resultField(input, m.result)
      if (field === undefined) throw new NotEvaluable(say('measureUnknownField', { aggregate: a.name, value, field: m.result, kind: input.kind, fields: [...resultFieldsOf(input.kind)] }))
      if (field.dataset !== dataset || a.over!.partition !== 'evaluation') throw new NotEvaluable(say('measureFieldNotOver', { aggregate: a.name, value, field: m.result, dataset: nameOf(input, field.dataset) }))
      const values = field.values
      readers.set(value, { stat: m.stat, at: (r) => values[r]!, field: m.result })
      continue
    }
    // The host's evaluation partition holds the labels the scenario never sees: no figure of them.
    if (a.over!.partition === 'evaluation' && labels.includes(m.column)) throw new NotEvaluable(say('measureHiddenColumn', { aggregate: a.name, value, column: m.column, dataset: where }))
    const column = Object.hasOwn(table.columns, m.column) ? table.columns[m.column] : undefined
    if (column === undefined) throw new NotEvaluable(say('measureUnknownColumn', { aggregate: a.name, value, column: m.column, dataset: where }))
    const view = viewColumn(column) as ArrayLike<number>
    if (m.stat === 'share') {
      if (column.type === 'dict') {
        const code = (column.dictionary ?? []).indexOf(String(m.equals))
        readers.set(value, { stat: 'share', is: (r) => view[r] === code })
      } else {
        const target = Number(m.equals) // true/false: 1/0
        readers.set(value, { stat: 'share', is: (r) => view[r] === target })
      }
      continue
    }
    if (column.type === 'dict') throw new NotEvaluable(say('measureColumnType', { aggregate: a.name, value, column: m.column, stat: m.stat }))
    readers.set(value, { stat: m.stat, at: (r) => view[r]! })
  }
  return { readers, table }
}

/** The dataset's name in the run, for messages. */
function nameOf(input: CheckInput, dataset: CheckInput['datasets'][string]): string {
  return Object.entries(input.datasets).find(([, d]) => d === dataset)?.[0] ?? dataset.kind
}
