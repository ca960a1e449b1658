import type { BundError } from '../kernel/index.js'
import type { StoredTreeHashes } from '../tlog/tree.js'
import type { ArtifactStore } from './artifacts.js'
import type { MissingSegment } from './embedded/segments.js'
import type { RunQueuePersistence } from './run-queue-persistence.js'
import type { PublicKeyEntry } from './signing.js'
import type { Actor, AuditEntry, AuditVerification, AuthorKeyRecord, OrgRecord, Publication, RunRecord, ScenarioRecord, TokenRecord } from '../model/index.js'

/** Which page of a listing: `offset` items skipped, at most `limit` returned (default DEFAULT_PAGE_LIMIT, never more than MAX_PAGE_LIMIT). */
export interface PageOptions {
  offset?: number
  limit?: number
}

/** One page of a listing, with the number of items the whole listing holds. */
export interface Page<T> {
  items: T[]
  /** Items in the whole listing (with the same filters), not only this page. */
  total: number
  offset: number
  limit: number
}

export const DEFAULT_PAGE_LIMIT = 100
export const MAX_PAGE_LIMIT = 1000

/** A scenario version the public may see: it has live (not withdrawn) publications. */
export interface PublishedVersion {
  scenario: string
  version: string
  /** Its live publications. */
  publications: number
}

/** Filters and pagination for listings of runs and publications. */
export interface ListOptions extends PageOptions {
  scenario?: string
  /** Only this version of `scenario` (or of every scenario). */
  version?: string
  status?: RunRecord['status']
  /** Only records of scenarios of this org (the `org` of `org/name`). */
  org?: string
  includeWithdrawn?: boolean
}

/**
 * Everything Bund keeps. An implementation serialises writes, never leaves a half-written record,
 * and appends every state change to the audit chain in the same write as the change itself, so the
 * chain stays one line of history whoever writes. Every read is async, so a network database can
 * implement it; listings that can grow with the store return pages. The embedded store
 * (embedded/embedded-store.ts) is one implementation; test/store/contract.ts is what any must pass.
 */
export interface Store extends RunQueuePersistence {
  readonly dataDir: string
  readonly artifacts: ArtifactStore

  // Registry
  /** Registers a scenario version. The same id@version with another bundle is refused (VERSION_CONFLICT). */
  putScenario(record: ScenarioRecord, actor?: Actor): Promise<void>
  getScenario(id: string, version?: string): Promise<ScenarioRecord | undefined>
  /** Every registered scenario version (the registry is operator- and author-sized, not run-sized). */
  listScenarios(): Promise<ScenarioRecord[]>

  // Runs and publications
  /** Records a finished run and, when it passed the gate, its publication (signed by the store), in one write. */
  recordRun(run: RunRecord, publication?: Omit<Publication, 'signature' | 'keyId'>, actor?: Actor): Promise<Publication | undefined>
  getRun(id: string): Promise<RunRecord | undefined>
  /** Newest first. */
  listRuns(options?: ListOptions): Promise<Page<RunRecord>>
  getPublication(id: string): Promise<Publication | undefined>
  /** Newest first; withdrawn ones only with `includeWithdrawn`. */
  listPublications(options?: ListOptions): Promise<Page<Publication>>
  /** Every scenario version with a live publication, and how many it has (kept up to date by each write, not counted per call). */
  publishedVersions(): Promise<PublishedVersion[]>
  /** An operator publishes a held run anyway; the reason is required and recorded. */
  releaseRun(runId: string, actor: Actor, reason: string): Promise<Publication>
  /** Withdraws a publication: it stays in the chain, marked withdrawn. */
  withdrawPublication(id: string, actor: Actor, reason: string): Promise<Publication>

  // Tokens (only hashes are stored) and author keys
  addToken(record: TokenRecord, actor?: Actor): Promise<void>
  /** The live (not revoked) token whose sha256 is `hash`. */
  findToken(hash: string): Promise<TokenRecord | undefined>
  /** Every token, revoked ones too (operator-made, few). */
  listTokens(): Promise<TokenRecord[]>
  revokeToken(id: string, actor: Actor): Promise<TokenRecord>
  putAuthorKey(record: AuthorKeyRecord, actor?: Actor): Promise<void>
  getAuthorKey(org: string): Promise<AuthorKeyRecord | undefined>
  /** Sets an author org's display name (operators only; validated by the caller); recorded as `org.renamed`. */
  setOrgName(org: string, displayName: string, actor: Actor): Promise<OrgRecord>
  getOrg(org: string): Promise<OrgRecord | undefined>
  listOrgs(): Promise<OrgRecord[]>

  // Signing and audit
  /**
   * The instance's stable id (32 hex digits): made once with the store, never derived from a key,
   * never changed (a key rotation keeps it). The transparency log's origin is `bund/<instanceId>`.
   */
  instanceId(): string
  /** The instance's current ed25519 public key (PEM, SPKI). */
  publicKey(): Promise<string>
  /** Every public key the instance has signed with, the current one marked; earlier publications verify with theirs. */
  publicKeys(): Promise<PublicKeyEntry[]>
  /**
   * Replaces the signing key with a new one, recorded in the audit chain as `key.rotated`; the old
   * public key stays in the key history. The reason is required.
   */
  rotateSigningKey(actor: Actor, reason: string): Promise<{ previous: string | null; current: string }>
  /** Records a state change not covered above (e.g. a rule pack changed). */
  audit(actor: Actor, action: string, subject: string, data: unknown): Promise<AuditEntry>
  /** In chain order (seq ascending). */
  listAudit(options?: PageOptions): Promise<Page<AuditEntry>>
  /** The audit entries about one subject (a run, publication, token id…), in chain order. */
  auditOf(subject: string): Promise<AuditEntry[]>
  /** Recomputes the chain; names the first broken entry. */
  verifyAudit(): Promise<AuditVerification>
  /** The transparency log's stored Merkle tree hashes as of now: leaf i is audit entry seq i+1 (`auditLeaf`); read in batches (`withStoredHashes`). */
  logHashes(): Promise<StoredTreeHashes>
  /**
   * The instance's evaluation secret (32 bytes), from which the runner derives each blind run's
   * evaluation keys; never in a record, a log, an error or an isolate. Every node of an instance
   * holds the same one (a database store checks it against the instance's fingerprint).
   */
  evaluationSecret(): Promise<Buffer>
  /** Signs bytes with the instance key (held in memory, so synchronous) (ed25519): log checkpoints and attestations, never a publication body. */
  sign(message: Uint8Array): Buffer

  /** Why writes are refused although the store was opened to write (DISK_FULL, STORE_READONLY, STORE_PERMISSION); see `readsOnWriteFault`. */
  writeFault(): BundError | undefined

  /** Sealed segments that could not be read (neither copy): their records are missing until `bund doctor --restore` finds them. */
  missingSegments(): Promise<MissingSegment[]>

  /** Waits for pending writes and releases the data directory's lock. */
  close(): Promise<void>
}

export interface OpenStoreOptions {
  /** Read without taking the lock (inspecting a directory a server is using): no writes, no signing, no key generation. */
  readOnly?: boolean
  /**
   * Open for writing although the private signing key is lost, only to rotate to a new one
   * (`bund keys rotate --lost`); nothing is signed until then.
   */
  signingKeyLost?: boolean
  /**
   * When the directory cannot be written (DISK_FULL, STORE_READONLY, STORE_PERMISSION), open it
   * read-only instead of failing, and refuse every write with that fault (the server: reads go on).
   */
  readsOnWriteFault?: boolean
  /** db.json size past which its newest records are sealed into a segment (default 128 KiB). */
  sealBytes?: number
  /** Journal size past which it is folded into db.json (default 256 KiB; always on close). */
  checkpointBytes?: number
}
