/**
 * Re-runs some checks need: the same scenario run again in the worker, with the same inputs
 * (determinism) or with a protected attribute moved between groups (the counterfactual probe).
 * A check names the re-runs it needs; the job performs each distinct one once and hands the
 * outputs back to the checks through `CheckInput.reruns`.
 */
import type { GeneratedDataset } from '../data/index.js'
import { NotEvaluable } from './check.js'

/** A re-run a check asks for. */
export type RerunRequest = { kind: 'repeat' } | { kind: 'swap-attribute'; attribute: string }

/** What a re-run gave: its validated output and that output's hash, or why there is none. */
export type RerunOutcome = { ok: true; output: unknown; outputHash: string } | { ok: false; error: { code: string; message: string } }

/** The key a re-run's outcome is filed under. */
export function rerunKey(request: RerunRequest): string {
  return request.kind === 'repeat' ? 'repeat' : `swap-attribute:${request.attribute}`
}

/**
 * The datasets a re-run sees. For `swap-attribute`, every evaluation row of every dataset with that
 * categorical column moves to the next group (code g becomes g+1 mod k, over the groups present in
 * the dictionary): with two groups the groups swap; with more, each row still lands in another
 * group. Training rows are left alone, so the model the scenario fits is the same.
 */
export function rerunDatasets(datasets: Record<string, GeneratedDataset>, request: RerunRequest): Record<string, GeneratedDataset> {
  if (request.kind === 'repeat') return datasets
  let found = false
  const out: Record<string, GeneratedDataset> = {}
  for (const [name, dataset] of Object.entries(datasets)) {
    const column = dataset.evaluation.columns[request.attribute]
    if (column?.type !== 'dict' || column.dictionary === undefined || column.dictionary.length < 2) {
      out[name] = dataset
      continue
    }
    found = true
    const k = column.dictionary.length
    const buffer = column.buffer.slice(0)
    const codes = k <= 0x100 ? new Uint8Array(buffer) : k <= 0x10000 ? new Uint16Array(buffer) : new Uint32Array(buffer)
    for (let i = 0; i < codes.length; i++) codes[i] = (codes[i]! + 1) % k
    out[name] = { ...dataset, evaluation: { ...dataset.evaluation, columns: { ...dataset.evaluation.columns, [request.attribute]: { ...column, buffer } } } }
  }
  if (!found) throw new NotEvaluable(`no dataset of the run has a categorical attribute ${request.attribute} with two or more groups`)
  return out
}
