/**
 * What a data kind declares protected (`DATASET_KINDS[kind].protected`) and the columns that reveal
 * it (`.proxies`): the one source of both for every fairness, probe and read-set check. A rule pack
 * never lists attributes; it inherits them from the data the run used.
 */
import { DATASET_KINDS, type DatasetKind } from '@bund/sdk'

/** The protected attributes of a kind, in declared order. */
export function protectedAttributesOf(kind: DatasetKind): readonly string[] {
  return DATASET_KINDS[kind].protected
}

/** Every column that is or reveals a protected attribute, mapped to the attributes it reveals. */
export function protectedColumnsOf(kind: DatasetKind): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {}
  for (const attribute of DATASET_KINDS[kind].protected) out[attribute] = [attribute]
  for (const [column, reveals] of Object.entries(DATASET_KINDS[kind].proxies as Record<string, readonly string[]>)) out[column] = reveals
  return out
}

/** The proxies of one attribute: the columns other than itself that reveal it. */
export function proxiesOf(kind: DatasetKind, attribute: string): string[] {
  return Object.entries(DATASET_KINDS[kind].proxies as Record<string, readonly string[]>)
    .filter(([, reveals]) => reveals.includes(attribute))
    .map(([column]) => column)
}

/** The protected attributes of every dataset a run asks for, each once, in order. */
export function protectedAttributesOfRun(datasets: Readonly<Record<string, { kind: DatasetKind }>>): string[] {
  const out: string[] = []
  for (const { kind } of Object.values(datasets)) for (const a of protectedAttributesOf(kind)) if (!out.includes(a)) out.push(a)
  return out
}
