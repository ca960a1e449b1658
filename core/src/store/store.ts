import type { BundError } from '../kernel/index.js'
import type { TreeHashes } from '../tlog/tree.js'
import type { ArtifactStore } from './artifacts.js'
import type { MissingSegment } from './segments.js'
import type { RunQueuePersistence } from './run-queue-persistence.js'
import type { PublicKeyEntry } from './signing.js'
import type { AuditEntry, AuditVerification, AuthorKeyRecord, OrgRecord, Publication, RunRecord, ScenarioRecord, TokenRecord } from './records.js'

/** Who did something: `cli`, `operator:<token id>`, `author:<org>:<token id>`, `system`. */
export type Actor = string

/** Filters and pagination for listings. */
export interface ListOptions {
  scenario?: string
  status?: RunRecord['status']
  /** Only records of this author org. */
  org?: string
  includeWithdrawn?: boolean
  offset?: number
  limit?: number
}

/**
 * Everything Bund keeps. The server process is its single writer; an implementation serialises
 * writes, never leaves a half-written file, and appends every state change to the audit chain in
 * the same write as the change itself. lowdb now; PostgreSQL behind the same interface later.
 */
export interface Store extends RunQueuePersistence {
  readonly dataDir: string
  readonly artifacts: ArtifactStore

  // Registry
  /** Registers a scenario version. The same id@version with another bundle is refused (VERSION_CONFLICT). */
  putScenario(record: ScenarioRecord, actor?: Actor): Promise<void>
  getScenario(id: string, version?: string): ScenarioRecord | undefined
  listScenarios(): ScenarioRecord[]

  // Runs and publications
  /** Records a finished run and, when it passed the gate, its publication (signed by the store), in one write. */
  recordRun(run: RunRecord, publication?: Omit<Publication, 'signature' | 'keyId'>, actor?: Actor): Promise<Publication | undefined>
  getRun(id: string): RunRecord | undefined
  /** Newest first. */
  listRuns(options?: ListOptions): RunRecord[]
  getPublication(id: string): Publication | undefined
  /** Newest first; withdrawn ones only with `includeWithdrawn`. */
  listPublications(options?: ListOptions): Publication[]
  /** An operator publishes a held run anyway; the reason is required and recorded. */
  releaseRun(runId: string, actor: Actor, reason: string): Promise<Publication>
  /** Withdraws a publication: it stays in the chain, marked withdrawn. */
  withdrawPublication(id: string, actor: Actor, reason: string): Promise<Publication>

  // Tokens (only hashes are stored) and author keys
  addToken(record: TokenRecord, actor?: Actor): Promise<void>
  /** The live (not revoked) token whose sha256 is `hash`. */
  findToken(hash: string): TokenRecord | undefined
  listTokens(): TokenRecord[]
  revokeToken(id: string, actor: Actor): Promise<TokenRecord>
  putAuthorKey(record: AuthorKeyRecord, actor?: Actor): Promise<void>
  getAuthorKey(org: string): AuthorKeyRecord | undefined
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
  publicKey(): string
  /** Every public key the instance has signed with, the current one marked; earlier publications verify with theirs. */
  publicKeys(): PublicKeyEntry[]
  /**
   * Replaces the signing key with a new one, recorded in the audit chain as `key.rotated`; the old
   * public key stays in the key history. The reason is required.
   */
  rotateSigningKey(actor: Actor, reason: string): Promise<{ previous: string | null; current: string }>
  /** Records a state change not covered above (e.g. a rule pack changed). */
  audit(actor: Actor, action: string, subject: string, data: unknown): Promise<AuditEntry>
  /** In chain order (seq ascending). */
  listAudit(options?: { offset?: number; limit?: number }): AuditEntry[]
  /** The audit entries about one subject (a run, publication, token id…), in chain order. */
  auditOf(subject: string): AuditEntry[]
  /** Recomputes the chain; names the first broken entry. */
  verifyAudit(): AuditVerification
  /** The transparency log's stored Merkle tree hashes: leaf i is audit entry seq i+1 (`auditLeaf`). */
  logHashes(): TreeHashes
  /** Signs bytes with the instance key (ed25519): log checkpoints and attestations, never a publication body. */
  sign(message: Uint8Array): Buffer

  /** Why writes are refused although the store was opened to write (DISK_FULL, STORE_READONLY, STORE_PERMISSION); see `readsOnWriteFault`. */
  writeFault(): BundError | undefined

  /** Sealed segments that could not be read (neither copy): their records are missing until `bund doctor --restore` finds them. */
  missingSegments(): MissingSegment[]

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
