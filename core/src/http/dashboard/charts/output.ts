/**
 * Reads a run's output artifact back into the value the scenario returned (tables with
 * ArrayBuffers). Outputs are content-addressed and never change, so what is drawn from one may be
 * cached by its hash.
 */
import { Table, type TableData } from '@bund/sdk'
import type { ArtifactStore } from '../../../store/artifacts.js'
import { fromJsonValue } from '../../../kernel/index.js'

/** Decodes the canonical-JSON output artifact `hash`. */
export function readOutput(artifacts: ArtifactStore, hash: string): Record<string, unknown> {
  const value = fromJsonValue(JSON.parse(artifacts.get(hash).toString('utf8')))
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`output ${hash} is not an object`)
  return value as Record<string, unknown>
}

/** The table under `key` of an output, or undefined when it is missing or malformed. */
export function tableOf(output: Record<string, unknown>, key: string): Table | undefined {
  const data = output[key] as TableData | undefined
  if (data === undefined || typeof data !== 'object' || typeof data.rows !== 'number' || typeof data.columns !== 'object') return undefined
  try {
    return new Table(data)
  } catch {
    return undefined
  }
}
