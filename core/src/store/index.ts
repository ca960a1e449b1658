export type { Actor, ListOptions, OpenStoreOptions, Store } from './store.js'
export type { AcceptedRun, RunQueuePersistence } from './run-queue-persistence.js'
export { LowdbStore, DB_FILE, LOG_HASHES_FILE, SCHEMA_VERSION, publishedData } from './lowdb-store.js'
export { ArtifactStore } from './artifacts.js'
export { writeFileAtomic, fsyncDir } from './atomic-write.js'
export { DurableJsonFile } from './durable-json-file.js'
export { DataDirLock } from './lock.js'
export { GENESIS_HASH, auditLeaf, dataHash, entryHash, verifyChain } from './audit-chain.js'
export { checkSignature, publicationId, signedBytes, PUBLIC_KEY_FILE, PRIVATE_KEY_FILE } from './signing.js'
export type {
  AuditEntry,
  AuditVerification,
  AuthorKeyRecord,
  OrgRecord,
  Publication,
  RunRecord,
  RunStatus,
  ScenarioRecord,
  TokenRecord,
} from './records.js'

import { LowdbStore } from './lowdb-store.js'
import type { OpenStoreOptions, Store } from './store.js'

/** Opens the store in a data directory. The one place the implementation is chosen. */
export function openStore(dataDir: string, options?: OpenStoreOptions): Promise<Store> {
  return LowdbStore.open(dataDir, options)
}
