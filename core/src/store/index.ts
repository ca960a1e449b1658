export type { Store } from './store.js'
export { LowdbStore, SCHEMA_VERSION, compareVersions } from './lowdb-store.js'
export { ArtifactStore } from './artifacts.js'
export { canonicalJson, toJsonValue, fromJsonValue } from './canonical.js'
export { writeFileAtomic } from './atomic-write.js'
export type { Publication, RunRecord, RunStatus, ScenarioRecord } from './records.js'

import { LowdbStore } from './lowdb-store.js'
import type { Store } from './store.js'

/** Opens the store in a data directory. The one place the implementation is chosen. */
export function openStore(dataDir: string): Promise<Store> {
  return LowdbStore.open(dataDir)
}
