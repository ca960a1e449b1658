import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BundError, isScenarioId, isScenarioRef, parseScenarioRef } from '../kernel/index.js'
import { type LoadedScenario, loadScenarioDir } from '../manifest/load.js'
import { loadRegistered } from '../runner/registered-scenario.js'
import type { Store } from '../store/store.js'

/** The repository's built-in scenarios folder. */
export const BUILTIN_SCENARIOS_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url))

/** Directories of the built-in scenarios, in name order. */
export function builtinScenarioDirs(): string[] {
  if (!existsSync(BUILTIN_SCENARIOS_DIR)) return []
  return readdirSync(BUILTIN_SCENARIOS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(BUILTIN_SCENARIOS_DIR, e.name, 'package.json')))
    .map((e) => join(BUILTIN_SCENARIOS_DIR, e.name))
    .sort()
}

/** True when the argument looks like `org/name[@version]` rather than a path. */
export function looksLikeId(arg: string): boolean {
  return isScenarioRef(arg) && !existsSync(arg)
}

/**
 * Finds a scenario by directory, or by `org/name[@version]` among registered scenarios and then
 * the built-in ones. Never writes anything.
 */
export async function resolveScenario(arg: string, store?: Store): Promise<LoadedScenario> {
  if (existsSync(arg)) return loadScenarioDir(arg)
  if (!isScenarioId(arg.split('@')[0] ?? arg)) throw new BundError('SCENARIO_NOT_FOUND', `${arg}: no such scenario directory, and not an id of the form org/name[@version]`)
  // An id with a version that is none: SCENARIO_ID_INVALID says so.
  const { id, version } = parseScenarioRef(arg)
  const record = await store?.getScenario(id, version)
  if (record !== undefined) return loadRegistered(store!.artifacts, record)
  for (const dir of builtinScenarioDirs()) {
    if (!existsSync(join(dir, 'dist', 'manifest.json'))) continue
    const loaded = loadScenarioDir(dir)
    if (loaded.manifest.id === id && (version === undefined || loaded.manifest.version === version)) return loaded
  }
  throw new BundError('SCENARIO_NOT_FOUND', `${arg}: no scenario with that id is registered or built in`)
}
