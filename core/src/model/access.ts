/** Who may do what: API tokens, author orgs' signing keys and display names. */
import { z } from 'zod'

/** An API token: only its sha256 is kept. */
export const tokenRecordSchema = z.object({
  id: z.string(),
  hash: z.string(),
  role: z.enum(['operator', 'author']),
  /** The author's organisation (authors only). */
  org: z.string().optional(),
  label: z.string().optional(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
})
export type TokenRecord = z.infer<typeof tokenRecordSchema>

/** An author organisation's registered signing key. */
export const authorKeyRecordSchema = z.object({
  org: z.string(),
  /** ed25519 public key, PEM (SPKI). */
  publicKey: z.string(),
  registeredAt: z.string(),
})
export type AuthorKeyRecord = z.infer<typeof authorKeyRecordSchema>

/** What an operator set for an author org: the name the registry and dashboard show for it. */
export const orgRecordSchema = z.object({
  org: z.string(),
  displayName: z.string(),
  updatedAt: z.string(),
  /** The operator who set it (an Actor). */
  updatedBy: z.string(),
})
export type OrgRecord = z.infer<typeof orgRecordSchema>
