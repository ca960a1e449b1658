import type { LogLine } from '@bund/sdk/runtime'
import type { Verdict, Resources, Manifest } from '../model/index.js'

/** A registered scenario version: its manifest and where its bundle is stored. */
export interface ScenarioRecord {
  id: string
  version: string
  title: string
  author: string
  category: string
  result: string
  /** sha256 of the bundle, which is stored as an artifact under that hash. */
  bundleSha256: string
  manifest: Manifest
  /** sha256 of the author's dist/bundle.sig, kept as an artifact, when the upload carried one (verifiers re-check it). */
  signatureSha256?: string
  /** sha256 of the bundle's source map, kept as an artifact, when the upload carried one (API runs map stacks to src/ with it). */
  sourceMapSha256?: string
  registeredAt: string
  /**
   * The author's signature as checked at upload: verified against the org's registered key (with
   * its key id), or unsigned because the org has no key. Absent for versions registered by the CLI.
   */
  authorSignature?: { status: 'verified'; keyId: string } | { status: 'unsigned' }
}

export type RunStatus = 'published' | 'held' | 'failed'

/** One execution of one scenario version on one seed. */
export interface RunRecord {
  id: string
  scenario: string
  version: string
  bundleSha256: string
  /** sha256 of the canonical manifest the run used, stored as an artifact (for `bund verify --rerun`). */
  manifestSha256?: string
  seed: number
  /** The evaluation rows asked for on the command line, or null for the manifest's own sizes. */
  rows: number | null
  params: unknown
  /** The evaluation key each dataset was generated from (revealed after the run; absent for a public run). */
  evaluationKeys?: Record<string, string>
  status: RunStatus
  startedAt: string
  finishedAt: string
  /** sha256 of the canonical output, also the name of its artifact. */
  outputHash: string | null
  /** The columns the scenario read, per dataset (the runtime's read-set). */
  readSet?: Record<string, string[]>
  verdicts: Verdict[]
  resources: Resources
  rulePacks: Record<string, string>
  error?: { code: string; message: string; details?: Record<string, unknown> }
  logs: LogLine[]
  /** Set when the scenario logged more than the run's log limit: `logs` holds only the first lines. */
  logsTruncated?: boolean
  /** The Bund version that ran it (a release publishes with it). */
  runtimeVersion?: string
  publicationId?: string
  /** Set when an operator released a held run. */
  release?: { at: string; by: string; reason: string }
}

/** A run that passed the gate: what anyone may read, and later verify. */
export interface Publication {
  id: string
  runId: string
  scenario: string
  version: string
  bundleSha256: string
  seed: number
  rows: number | null
  params: unknown
  /** The evaluation key each dataset was generated from, revealed so anyone can re-run it. */
  evaluationKeys?: Record<string, string>
  outputHash: string
  /** The columns the scenario read, per dataset (the runtime's read-set). */
  readSet?: Record<string, string[]>
  verdicts: Verdict[]
  resources: Resources
  rulePacks: Record<string, string>
  runtimeVersion: string
  publishedAt: string
  /** Set when an operator released this run from hold. */
  releasedBy?: { by: string; reason: string }
  /** base64 ed25519 signature over the canonical JSON (RFC 8785) of every other field but `withdrawn`. */
  signature: string
  /** sha256 of the signing public key. */
  keyId: string
  /** Set when withdrawn; the publication stays, marked. */
  withdrawn?: { at: string; by: string; reason: string }
}

/** An API token: only its sha256 is kept. */
export interface TokenRecord {
  id: string
  hash: string
  role: 'operator' | 'author'
  /** The author's organisation (authors only). */
  org?: string
  label?: string
  createdAt: string
  revokedAt?: string
}

/** An author organisation's registered signing key. */
export interface AuthorKeyRecord {
  org: string
  /** ed25519 public key, PEM (SPKI). */
  publicKey: string
  registeredAt: string
}

/** What an operator set for an author org: the name the registry and dashboard show for it. */
export interface OrgRecord {
  org: string
  displayName: string
  updatedAt: string
  /** The operator who set it (an Actor). */
  updatedBy: string
}

/** One link of the append-only, hash-chained audit log. */
export interface AuditEntry {
  seq: number
  at: string
  actor: string
  action: string
  subject: string
  /** sha256 of the canonical JSON of the change's data. */
  dataHash: string
  prevHash: string
  /** sha256 over the canonical JSON of every field above. */
  hash: string
}

/** The result of recomputing the audit chain. */
export interface AuditVerification {
  ok: boolean
  entries: number
  /** The first entry that does not verify, and why. */
  broken?: { seq: number; reason: string }
}
