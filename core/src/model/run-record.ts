import { z } from 'zod'
import { resourcesSchema } from './resources.js'
import { logLineSchema, readSetSchema, runErrorSchema } from './run-parts.js'
import { verdictSchema } from './verdict.js'

export const runStatusSchema = z.enum(['published', 'held', 'failed'])
export type RunStatus = z.infer<typeof runStatusSchema>

/** Who changed a record's state, when and why (a release, a withdrawal). */
export const amendmentSchema = z.object({ at: z.string(), by: z.string(), reason: z.string() })

/** The key each dataset was generated from, derived from the instance secret and revealed after the run. */
export const evaluationKeysSchema = z
  .record(z.string(), z.string())
  .meta({ description: 'The key each dataset was generated from, derived from the instance secret and revealed after the run' })

/** The columns the scenario read, per dataset, as the sandbox runtime recorded them. */
export const recordedReadSetSchema = readSetSchema.meta({ description: 'The columns the scenario read, per dataset, as recorded by the sandbox runtime' })

/** One execution of one scenario version on one seed. */
export const runRecordSchema = z.object({
  id: z.string(),
  scenario: z.string(),
  version: z.string(),
  bundleSha256: z.string(),
  /** sha256 of the canonical manifest the run used, stored as an artifact (for `bund verify --rerun`). */
  manifestSha256: z.string().optional(),
  seed: z.number().int(),
  /** The evaluation rows asked for on the command line, or null for the manifest's own sizes. */
  rows: z.number().int().nullable(),
  params: z.unknown(),
  /** Absent for a public run. */
  evaluationKeys: evaluationKeysSchema.optional(),
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  /** sha256 of the canonical output, also the name of its artifact. */
  outputHash: z.string().nullable(),
  readSet: recordedReadSetSchema.optional(),
  verdicts: z.array(verdictSchema),
  resources: resourcesSchema,
  rulePacks: z.record(z.string(), z.string()),
  error: runErrorSchema.optional(),
  logs: z.array(logLineSchema),
  /** Set when the scenario logged more than the run's log limit: `logs` holds only the first lines. */
  logsTruncated: z.boolean().optional().meta({ description: "Present and true when the scenario logged more than the run's log limit: `logs` holds the first lines only" }),
  /** The Bund version that ran it (a release publishes with it). */
  runtimeVersion: z.string().optional(),
  publicationId: z.string().optional(),
  /** Set when an operator released a held run. */
  release: amendmentSchema.optional(),
})

export type RunRecord = z.infer<typeof runRecordSchema>
