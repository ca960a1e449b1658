/**
 * Reads a run's output artifact back into the value the scenario returned (tables with
 * ArrayBuffers). Outputs are content-addressed and never change, so what is drawn from one is
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

/** A small least-recently-used cache (outputs are immutable, so entries never go stale). */
export class LruCache<V> {
  readonly #map = new Map<string, V>()
  constructor(readonly size: number) {}
  get(key: string, make: () => V): V {
    const hit = this.peek(key)
    if (hit !== undefined) return hit
    const value = make()
    this.set(key, value)
    return value
  }
  /** The value under `key` (made the most recently used), or undefined. */
  peek(key: string): V | undefined {
    const hit = this.#map.get(key)
    if (hit !== undefined) {
      this.#map.delete(key)
      this.#map.set(key, hit)
    }
    return hit
  }
  set(key: string, value: V): void {
    this.#map.delete(key)
    this.#map.set(key, value)
    if (this.#map.size > this.size) this.#map.delete(this.#map.keys().next().value!)
  }
  delete(key: string): void {
    this.#map.delete(key)
  }
}
