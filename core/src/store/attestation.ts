/**
 * Each publication as an in-toto Statement v1 (github.com/in-toto/attestation) in a DSSE envelope
 * (github.com/secure-systems-lab/dsse), signed with the instance key, so generic supply-chain tools
 * can check it. The subject is the output artifact (its sha256); the predicate is what the
 * publication says about how it was made and judged.
 */
import { createPublicKey, verify } from 'node:crypto'
import { z } from 'zod'
import { canonicalJson } from '../kernel/index.js'
import type { Publication } from '../model/index.js'

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
/** Bund's predicate type: a URI that names the predicate's shape, versioned. */
export const PREDICATE_TYPE = 'https://github.com/bund/bund/attestation/publication/v1'

export const DsseEnvelopeSchema = z
  .object({
    payloadType: z.string().max(200),
    payload: z.string().max(8 * 1024 * 1024),
    signatures: z.array(z.object({ keyid: z.string().max(200), sig: z.string().max(200) })).min(1).max(8),
  })
  .strict()
export type DsseEnvelope = z.infer<typeof DsseEnvelopeSchema>

/** DSSE's pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8')
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload])
}

export function publicationStatement(p: Publication): unknown {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: `${p.id}/output.json`, digest: { sha256: p.outputHash } }],
    predicateType: PREDICATE_TYPE,
    predicate: {
      publication: p.id,
      scenario: { id: p.scenario, version: p.version, bundle: { sha256: p.bundleSha256 } },
      seed: p.seed,
      rows: p.rows,
      params: p.params ?? null,
      rulePacks: p.rulePacks,
      verdicts: p.verdicts,
      runtimeVersion: p.runtimeVersion,
      publishedAt: p.publishedAt,
      ...(p.releasedBy ? { releasedBy: p.releasedBy } : {}),
    },
  }
}

/** The signed envelope. The payload is canonical JSON, so one publication always gives the same bytes. */
export function attestationEnvelope(p: Publication, keyId: string, sign: (message: Buffer) => Buffer): DsseEnvelope {
  const payload = Buffer.from(canonicalJson(publicationStatement(p)), 'utf8')
  return { payloadType: IN_TOTO_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures: [{ keyid: keyId, sig: sign(pae(IN_TOTO_PAYLOAD_TYPE, payload)).toString('base64') }] }
}

/** Checks an envelope against the publication and the instance key; names what does not match. */
export function checkAttestation(envelope: DsseEnvelope, p: Publication, publicKeyPem: string): { ok: boolean; reason: string } {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return { ok: false, reason: `payloadType is ${envelope.payloadType.slice(0, 80)}, not ${IN_TOTO_PAYLOAD_TYPE}` }
  const payload = Buffer.from(envelope.payload, 'base64')
  const key = createPublicKey(publicKeyPem)
  const signed = envelope.signatures.some((s) => {
    try {
      return verify(null, pae(envelope.payloadType, payload), key, Buffer.from(s.sig, 'base64'))
    } catch {
      return false
    }
  })
  if (!signed) return { ok: false, reason: 'no DSSE signature verifies with the instance key' }
  if (payload.toString('utf8') !== canonicalJson(publicationStatement(p))) return { ok: false, reason: 'the signed in-toto statement does not say what the publication says (subject, scenario, bundle, seed, rule packs or verdicts differ)' }
  return { ok: true, reason: `in-toto Statement v1, subject sha256:${p.outputHash.slice(0, 16)}…, DSSE signature verifies` }
}
