/** Hand-built inputs for the check tests: tiny tables whose figures can be worked out by hand. */
import type { CheckInput, GeneratedDataset, Manifest } from '@bund/core'
import type { DatasetKind, TableData } from '@bund/sdk'

/** A host-side dataset around a hand-built evaluation table (labels included). */
export function dataset(kind: DatasetKind, evaluation: TableData, extra: { training?: TableData; companions?: Record<string, TableData>; canaries?: unknown; protected?: string[] } = {}): GeneratedDataset {
  return {
    kind,
    training: extra.training ?? { rows: 0, columns: {} },
    evaluation,
    labels: [],
    protected: extra.protected ?? [],
    companions: extra.companions ?? {},
    ...(extra.canaries === undefined ? {} : { canaries: extra.canaries }),
  } as unknown as GeneratedDataset
}

/** A check input for one output over the given datasets. */
export function checkInput(kind: CheckInput['kind'], output: unknown, datasets: Record<string, GeneratedDataset>, extra: Partial<CheckInput> = {}): CheckInput {
  return { kind, output, datasets, manifest: { category: 'other' } as Manifest, ...extra }
}
