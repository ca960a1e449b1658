import { z } from 'zod'
import { manifestSchema } from './manifest.js'

/** The author's signature as checked at upload. */
export const authorSignatureSchema = z.discriminatedUnion('status', [
  /** Verified against the org's registered key, with its key id. */
  z.object({ status: z.literal('verified'), keyId: z.string() }),
  /** The org has no registered key. */
  z.object({ status: z.literal('unsigned') }),
])

/** A registered scenario version: its manifest and where its bundle is stored. */
export const scenarioRecordSchema = z.object({
  id: z.string().meta({ example: 'acme/credit-model' }),
  version: z.string().meta({ example: '1.0.0' }),
  title: z.string(),
  author: z.string(),
  category: z.string(),
  result: z.string(),
  /** sha256 of the bundle, which is stored as an artifact under that hash. */
  bundleSha256: z.string(),
  manifest: manifestSchema.meta({ description: 'The validated manifest' }),
  /** sha256 of the author's dist/bundle.sig, kept as an artifact, when the upload carried one (verifiers re-check it). */
  signatureSha256: z.string().optional(),
  /** sha256 of the bundle's source map, kept as an artifact, when the upload carried one (API runs map stacks to src/ with it). */
  sourceMapSha256: z.string().optional().meta({ description: "sha256 of the source map the upload carried (kept beside the bundle; API runs map a thrown error's stack to src/ with it)" }),
  registeredAt: z.string(),
  authorSignature: authorSignatureSchema.optional().meta({
    description: "The author's signature as checked at upload: verified against the org's registered key (keyId), or unsigned (the org has no key). Absent for versions the operator's CLI registered.",
  }),
})

export type ScenarioRecord = z.infer<typeof scenarioRecordSchema>
