/** The wire shape of GET /api/v1/publications/{id}/rerun, checked by the server's route and the verifier alike. */
import { z } from 'zod'

const HEX64 = z.string().regex(/^[0-9a-f]{64}$/)

export const RerunInfoSchema = z
  .object({
    publicationId: z.string().max(100),
    /** The author keeps the bundle private: no URLs, only hashes. */
    sealed: z.boolean(),
    bundle: z.object({ sha256: HEX64, url: z.string().max(500).nullable() }).strict(),
    manifest: z.object({ sha256: HEX64, url: z.string().max(500).nullable() }).strict().nullable(),
    /** The author's dist/bundle.sig as uploaded, or null when the upload was not signed. */
    authorSignature: z.record(z.string(), z.unknown()).nullable(),
  })
  .strict()
export type RerunInfo = z.infer<typeof RerunInfoSchema>
