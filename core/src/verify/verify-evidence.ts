/**
 * `bund verify evidence.json [--artifact FILE]`: a publication's evidence (store/evidence.ts, from
 * GET /api/v1/publications/{id}/evidence) verified offline — no server, no data dir, no network.
 * The same checks as for a URL (verify-from.ts): the signature with the key the publication names
 * from the key history, the id, the checkpoint's signature, the inclusion proofs, the attestation,
 * the artifact when given; with `--checkpoint`, a remembered checkpoint of the same size must have
 * the same root (a larger or smaller one needs the log's consistency proof: verify the URL).
 */
import { readFileSync, statSync } from 'node:fs'
import { BundError } from '../kernel/index.js'
import { EVIDENCE_FORMAT, type Evidence, EvidenceSchema } from '../store/evidence.js'
import type { Publication } from '../model/index.js'
import { historyKeys, parseTrustedKeys } from './trusted-keys.js'
import { PublicationShape, type RemoteVerification, type VerifySource, verifyFrom } from './verify-from.js'
import { readKeyFile } from './verify-remote.js'

const MiB = 1024 * 1024
const MAX_EVIDENCE_BYTES = 16 * MiB
const MAX_ARTIFACT_BYTES = 256 * MiB

export interface EvidenceOptions {
  /** The output artifact, downloaded beside the evidence. */
  artifactFile?: string
  keyFile?: string
  checkpointFile?: string
}

/** Whether a parsed JSON file is an evidence document (by its declared format). */
export function isEvidence(value: unknown): boolean {
  return (value as { format?: unknown } | null)?.format === EVIDENCE_FORMAT
}

export async function verifyEvidenceFile(file: string, options: EvidenceOptions = {}): Promise<RemoteVerification> {
  const evidence = readEvidence(file)
  const publication = PublicationShape.safeParse(evidence.publication)
  if (!publication.success) throw new BundError('EVIDENCE_INVALID', `${file}: its publication is not in the expected shape (${publication.error.issues[0]?.path.join('.')}: ${publication.error.issues[0]?.message})`)
  const history = historyKeys(evidence.keys, `${file} (keys)`)
  const pinned = options.keyFile === undefined ? undefined : { keys: parseTrustedKeys(readKeyFile(options.keyFile), options.keyFile), file: options.keyFile }
  const where = { publication: file, 'public-key': `${file} (keys)`, 'public-keys': `${file} (keys)`, artifact: options.artifactFile ?? file, checkpoint: `${file} (log.checkpoint)` }
  const source: VerifySource = {
    where: (what) => where[what],
    publication: async () => publication.data as unknown as Publication,
    currentKey: async () => history.current,
    history: async () => history,
    artifact: async () => (options.artifactFile === undefined ? { missing: `not in the evidence: download ${evidence.artifacts.output.path} and pass it as --artifact FILE` } : readArtifact(options.artifactFile)),
    checkpoint: async () => evidence.log.checkpoint,
    inclusion: async () => evidence.log.inclusion,
    consistency: async () => undefined,
    attestation: async () => evidence.attestation,
  }
  return verifyFrom(source, { ...(pinned ? { pinned } : {}), ...(options.checkpointFile !== undefined ? { checkpointFile: options.checkpointFile } : {}) })
}

function readEvidence(file: string): Evidence {
  if (statSync(file).size > MAX_EVIDENCE_BYTES) throw new BundError('EVIDENCE_INVALID', `${file} is over ${MAX_EVIDENCE_BYTES / MiB} MiB; an evidence file is far smaller`)
  let value: unknown
  try {
    value = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    throw new BundError('EVIDENCE_INVALID', `${file} is not JSON`)
  }
  const parsed = EvidenceSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new BundError('EVIDENCE_INVALID', `${file} is not a ${EVIDENCE_FORMAT} document (${issue?.path.join('.') || 'top level'}: ${issue?.message})`)
  }
  return parsed.data
}

function readArtifact(file: string): Buffer {
  let size: number
  try {
    size = statSync(file).size
  } catch {
    throw new BundError('USAGE', `--artifact ${file}: no such file`)
  }
  if (size > MAX_ARTIFACT_BYTES) throw new BundError('ARTIFACT_TAMPERED', `${file} is ${size} bytes; no published output is over ${MAX_ARTIFACT_BYTES / MiB} MiB`)
  return readFileSync(file)
}
