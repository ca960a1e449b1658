import { z } from 'zod'
import { resourcesSchema } from './resources.js'
import { amendmentSchema, evaluationKeysSchema, recordedReadSetSchema } from './run-record.js'
import { verdictSchema } from './verdict.js'

/** A run that passed the gate: what anyone may read, and later verify. */
export const publicationSchema = z.object({
  id: z.string(),
  runId: z.string(),
  scenario: z.string(),
  version: z.string(),
  bundleSha256: z.string(),
  seed: z.number().int(),
  rows: z.number().int().nullable(),
  params: z.unknown(),
  /** Revealed so anyone can re-run it. */
  evaluationKeys: evaluationKeysSchema.optional(),
  outputHash: z.string(),
  readSet: recordedReadSetSchema.optional(),
  verdicts: z.array(verdictSchema),
  resources: resourcesSchema,
  rulePacks: z.record(z.string(), z.string()),
  runtimeVersion: z.string(),
  publishedAt: z.string(),
  /** Set when an operator released this run from hold. */
  releasedBy: z.object({ by: z.string(), reason: z.string() }).optional(),
  /** base64 ed25519 signature over the canonical JSON (RFC 8785) of every other field but `withdrawn`. */
  signature: z.string(),
  /** sha256 of the signing public key. */
  keyId: z.string(),
  /** Set when withdrawn; the publication stays, marked. */
  withdrawn: amendmentSchema.optional(),
})

export type Publication = z.infer<typeof publicationSchema>
