/**
 * A run's evaluation keys: one per dataset, HMAC-SHA-256 of the instance's evaluation secret over
 * everything the scenario can carry into the run — its bundle's sha256, the seed, the rows override
 * and the params (their canonical JSON's sha256) — and the dataset's name. The dataset is generated
 * from its key (data/random.ts gives each stream a 128-bit state from it), so nothing the isolate
 * sees suffices to rebuild it; a key revealed in a publication cannot be fed back into another run,
 * because the bundle or params that would carry it are inputs of that run's key.
 */
import { createHmac } from 'node:crypto'
import { sha256, canonicalJson } from '../kernel/index.js'

/** The inputs of a run its keys are bound to. */
export interface KeyedRun {
  bundleSha256: string
  seed: number
  rows: number | null
  params: unknown
  datasets: readonly string[]
}

const DOMAIN = 'bund/evaluation-key/v1'

/** The evaluation key (64 hex digits) of each of the run's datasets. */
export function evaluationKeys(secret: Uint8Array, run: KeyedRun): Record<string, string> {
  const paramsHash = sha256(canonicalJson(run.params ?? {}))
  const keys: Record<string, string> = {}
  for (const name of run.datasets) {
    keys[name] = createHmac('sha256', secret).update([DOMAIN, run.bundleSha256, name, String(run.seed), String(run.rows), paramsHash].join('\0')).digest('hex')
  }
  return keys
}
