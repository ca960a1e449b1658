import { z } from 'zod'

/** Who did something: `cli`, `operator:<token id>`, `author:<org>:<token id>`, `system`. */
export type Actor = string

/** One link of the append-only, hash-chained audit log. */
export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  /** sha256 of the canonical JSON of the change's data. */
  dataHash: z.string(),
  prevHash: z.string(),
  /** sha256 over the canonical JSON of every field above. */
  hash: z.string(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

/** The result of recomputing the audit chain. */
export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** The first entry that does not verify, and why. */
  broken: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
})
export type AuditVerification = z.infer<typeof auditVerificationSchema>
