import type { LogLine } from '@bund/sdk/runtime'
import type { Verdict } from '../compliance/verdict.js'
import type { Manifest } from '../manifest/schema.js'
import type { Resources } from '../sandbox/isolate.js'

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
  registeredAt: string
}

export type RunStatus = 'published' | 'held' | 'failed'

/** One execution of one scenario version on one seed. */
export interface RunRecord {
  id: string
  scenario: string
  version: string
  bundleSha256: string
  seed: number
  /** The evaluation rows asked for on the command line, or null for the manifest's own sizes. */
  rows: number | null
  params: unknown
  status: RunStatus
  startedAt: string
  finishedAt: string
  /** sha256 of the canonical output, also the name of its artifact. */
  outputHash: string | null
  verdicts: Verdict[]
  resources: Resources
  rulePacks: Record<string, string>
  error?: { code: string; message: string; details?: Record<string, unknown> }
  logs: LogLine[]
  publicationId?: string
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
  outputHash: string
  verdicts: Verdict[]
  resources: Resources
  rulePacks: Record<string, string>
  runtimeVersion: string
  publishedAt: string
}
