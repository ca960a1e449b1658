/**
 * A publication's evidence: one self-contained JSON document a reader downloads once and verifies
 * offline, years later, with nothing of the server (`bund verify evidence.json [--artifact FILE]`).
 * It holds the publication as served, every public key the instance has signed with (the one that
 * signed the publication among them), the log's signed checkpoint with the inclusion proofs of the
 * publication's entries in it, and the in-toto attestation. The output artifact stays a separate
 * download (it can be large): the evidence names its sha256 and where to get it.
 *
 * Nothing in it is trusted because the server sent it: the reader's verifier re-checks every
 * signature, hash and proof, and a pinned key or key history (`--key`) decides which keys count.
 */
import { z } from 'zod'
import { attestationEnvelope, DsseEnvelopeSchema } from './attestation.js'
import type { Publication } from '../model/index.js'
import { keyIdOf } from '../kernel/index.js'
import type { Store } from './store.js'
import { InclusionResponseSchema, publicationInclusion, signedCheckpoint } from './transparency-log.js'

export const EVIDENCE_FORMAT = 'bund-evidence/1'

const KeyEntry = z.object({ keyId: z.string().regex(/^[0-9a-f]{64}$/), publicKey: z.string().max(10_000), current: z.boolean() }).strict()

/** The wire shape, checked by the verifier (and documented in the OpenAPI document). */
export const EvidenceSchema = z
  .object({
    format: z.literal(EVIDENCE_FORMAT),
    /** The publication exactly as GET /api/v1/publications/{id} serves it. */
    publication: z.looseObject({ id: z.string().max(100) }),
    /** The instance's key history: every public key it has signed with, the current one marked. */
    keys: z.array(KeyEntry).min(1).max(1000),
    log: z.object({ checkpoint: z.string().max(16 * 1024), inclusion: InclusionResponseSchema }).strict(),
    attestation: DsseEnvelopeSchema,
    artifacts: z.object({ output: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), path: z.string().max(200) }).strict() }).strict(),
  })
  .strict()
export type Evidence = z.infer<typeof EvidenceSchema>

/** The evidence of `p`, with a checkpoint of the log as it is now. */
export async function evidenceOf(store: Store, p: Publication): Promise<Evidence> {
  const { checkpoint, note } = await signedCheckpoint(store)
  const entries = await publicationInclusion(store, p, checkpoint.size)
  return {
    format: EVIDENCE_FORMAT,
    publication: p as Publication & Record<string, unknown>,
    keys: (await store.publicKeys()).map(({ keyId, publicKey, current }) => ({ keyId, publicKey, current })),
    log: { checkpoint: note, inclusion: { publicationId: p.id, size: checkpoint.size, entries } },
    attestation: attestationEnvelope(p, keyIdOf(await store.publicKey()), (m) => store.sign(m)),
    artifacts: { output: { sha256: p.outputHash, path: `/api/v1/publications/${p.id}/artifact` } },
  }
}
