/**
 * Bund's transparency log: the audit chain's entries are the leaves of an RFC 9162 Merkle tree
 * (core/src/tlog), and its checkpoints are C2SP signed notes by the instance key. This file says what
 * is Bund's own: the log's name (origin), which entries prove a publication, and what data they must
 * record — the same function serves the server (choosing the entries) and the verifier (checking them).
 */
import { createPublicKey } from 'node:crypto'
import { z } from 'zod'
import { type Checkpoint, NoteError, checkpointBody, signNote } from '../tlog/checkpoint.js'
import { inclusionProof, rootAt, withStoredHashes } from '../tlog/tree.js'
import { dataHash, publishedData } from './audit-chain.js'
import type { AuditEntry, Publication } from '../model/index.js'
import type { Store } from './store.js'

/**
 * The log's origin line and signer name: one log per instance, named by the instance's stable id
 * (Store.instanceId), so a key rotation keeps the log and the checkpoints readers remember.
 */
export function logOrigin(instanceId: string): string {
  return `bund/${instanceId}`
}

/** Origins are `bund/` and 32 hex digits (a data dir from before instance ids kept the one its key gave). */
export const ORIGIN_PATTERN = /^bund\/[0-9a-f]{32}$/

/** The origin a checkpoint note names (its first line), when it is one of Bund's; the signature is checked by the caller. */
export function noteOrigin(note: string): string {
  const origin = note.slice(0, Math.max(0, note.indexOf('\n')))
  if (!ORIGIN_PATTERN.test(origin)) throw new NoteError(`"${origin.slice(0, 60)}" is not the origin of a Bund log (bund/ and 32 hex digits)`)
  return origin
}

/** An audit entry a publication's history must have in the log: published, released (if it was), withdrawn (if it is). */
export interface ExpectedEntry {
  action: 'publication.published' | 'run.released' | 'publication.withdrawn'
  subject: string
  dataHash: string
}

export function expectedEntries(p: Publication): ExpectedEntry[] {
  const out: ExpectedEntry[] = [{ action: 'publication.published', subject: p.id, dataHash: dataHash(publishedData(p)) }]
  if (p.releasedBy !== undefined) out.push({ action: 'run.released', subject: p.runId, dataHash: dataHash({ reason: p.releasedBy.reason, publicationId: p.id }) })
  if (p.withdrawn !== undefined) out.push({ action: 'publication.withdrawn', subject: p.id, dataHash: dataHash(p.withdrawn) })
  return out
}

/** The current checkpoint, signed. ed25519 is deterministic, so one size always gives the same note. */
export async function signedCheckpoint(store: Store): Promise<{ checkpoint: Checkpoint; note: string }> {
  const pem = await store.publicKey()
  const tree = await store.logHashes()
  const checkpoint = { origin: logOrigin(store.instanceId()), size: tree.size, root: await withStoredHashes(tree, (t) => rootAt(t, t.size)) }
  return { checkpoint, note: signNote(checkpointBody(checkpoint), checkpoint.origin, createPublicKey(pem), (m) => store.sign(m)) }
}

export interface InclusionProof {
  /** The leaf index: the entry's seq − 1. */
  index: number
  entry: AuditEntry
  /** Base64 hashes, leaf to root. */
  proof: string[]
}

/** Inclusion proofs, in a tree of `size` leaves, of the entries that record `p` (those past `size` are left out). */
export async function publicationInclusion(store: Store, p: Publication, size: number): Promise<InclusionProof[]> {
  const tree = await store.logHashes()
  const wanted = expectedEntries(p)
  const entries = [...(await store.auditOf(p.id)), ...(await store.auditOf(p.runId))]
    .filter((e) => wanted.some((w) => w.action === e.action && w.subject === e.subject))
    .filter((e) => e.seq <= size)
    .sort((a, b) => a.seq - b.seq)
  return withStoredHashes(tree, (t) =>
    entries.map((entry) => ({ index: entry.seq - 1, entry, proof: inclusionProof(t, entry.seq - 1, size).map((h) => h.toString('base64')) })),
  )
}

const HEX64 = /^[0-9a-f]{64}$/
const BASE64_HASH = z.string().regex(/^[A-Za-z0-9+/]{43}=$/)
const LeafIndex = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

/** The wire shape of a publication's inclusion proofs (GET /api/v1/publications/{id}/inclusion): checked by the server's route and the verifier alike. */
export const InclusionResponseSchema = z
  .object({
    publicationId: z.string().max(100),
    size: LeafIndex,
    entries: z
      .array(
        z.object({
          index: LeafIndex,
          entry: z.object({
            seq: z.number().int().min(1),
            at: z.string().max(100),
            actor: z.string().max(500),
            action: z.string().max(100),
            subject: z.string().max(500),
            dataHash: z.string().regex(HEX64),
            prevHash: z.string().regex(HEX64),
            hash: z.string().regex(HEX64),
          }),
          proof: z.array(BASE64_HASH).max(64),
        }),
      )
      .max(10),
  })
  .strict()

/** GET /api/v1/log/consistency?from=&to=. */
export const ConsistencyResponseSchema = z.object({ from: LeafIndex, to: LeafIndex, proof: z.array(BASE64_HASH).max(128) }).strict()
export type InclusionResponse = z.infer<typeof InclusionResponseSchema>
