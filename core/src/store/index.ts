export type { ListOptions, OpenStoreOptions, Page, PageOptions, PublishedVersion, Store } from './store.js'
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './store.js'
export { allItems, collectAll, pageBounds, pageOf } from './paging.js'
export type { AcceptedRun, RunQueuePersistence } from './run-queue-persistence.js'
export { EmbeddedStore, DB_FILE, LOG_HASHES_FILE, SCHEMA_VERSION } from './embedded/embedded-store.js'
export { ArtifactStore } from './artifacts.js'
export { writeFileAtomic, fsyncDir } from './atomic-write.js'
export { DurableJsonFile } from './embedded/durable-json-file.js'
export { DataDirLock } from './embedded/lock.js'
export { GENESIS_HASH, auditLeaf, dataHash, entryHash, publishedData, verifyChain } from './audit-chain.js'
export { checkSignature, publicationId, signedBytes, PUBLIC_KEY_FILE, PRIVATE_KEY_FILE } from './signing.js'

import { EmbeddedStore } from './embedded/embedded-store.js'
import type { OpenStoreOptions, Store } from './store.js'

/** Opens the store in a data directory. The one place the implementation is chosen. */
export function openStore(dataDir: string, options?: OpenStoreOptions): Promise<Store> {
  return EmbeddedStore.open(dataDir, options)
}
