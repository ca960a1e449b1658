/**
 * How many rows each planted pattern (a laundering typology, a planted settlement failure) has in
 * the evaluation data of a run, so `bund dev` can warn when capping the rows left one too thin to
 * grade: a typology with one planted row passes or fails on that one row.
 */
import { DATASET_KINDS, type DatasetKind, viewColumn } from '@bund/sdk'
import { generateDataset } from '../data/index.js'
import type { Manifest } from '../model/index.js'
import { datasetSeed } from '../runner/dataset-seed.js'

/** Below this many rows a planted pattern is too thin for its recall to mean much. */
export const THIN_PATTERN_ROWS = 10
/** The value of a label column for rows outside every pattern. */
const NONE = 'none'

export interface ThinPattern {
  dataset: string
  pattern: string
  rows: number
}

/** The dictionary label columns of a kind: those name planted patterns. */
function patternLabels(kind: DatasetKind): string[] {
  const labels = DATASET_KINDS[kind].labels as Record<string, string>
  return Object.entries(labels).filter(([, type]) => type === 'dict').map(([name]) => name)
}

/** Planted patterns with fewer than THIN_PATTERN_ROWS rows in the evaluation data of this run. */
export function thinPlantedPatterns(manifest: Manifest, seed: number, rows: number | null): ThinPattern[] {
  const thin: ThinPattern[] = []
  for (const [name, request] of Object.entries(manifest.datasets)) {
    const labels = patternLabels(request.kind as DatasetKind)
    if (labels.length === 0) continue
    const data = generateDataset({
      kind: request.kind,
      rows: rows ?? request.rows,
      trainingRows: request.trainingRows ?? 0,
      seed: datasetSeed(seed, name),
      pii: false,
      ...(request.options ? { options: request.options } : {}),
    })
    for (const label of labels) {
      const col = data.evaluation.columns[label]
      if (col?.dictionary === undefined) continue
      const counts = new Array<number>(col.dictionary.length).fill(0)
      for (const code of viewColumn(col)) counts[code] = (counts[code] ?? 0) + 1
      col.dictionary.forEach((pattern, code) => {
        if (pattern !== NONE && (counts[code] ?? 0) < THIN_PATTERN_ROWS) thin.push({ dataset: name, pattern, rows: counts[code] ?? 0 })
      })
    }
  }
  return thin
}
