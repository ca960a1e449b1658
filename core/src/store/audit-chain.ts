/**
 * The audit chain: every state change is one entry whose hash covers its fields and the previous
 * entry's hash, so changing, removing or reordering any entry breaks every hash after it.
 */
import { canonicalJson, sha256 } from '../kernel/index.js'
import type { AuditEntry, AuditVerification, Publication } from '../model/index.js'

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/** sha256 of the canonical JSON of a change's data. */
export function dataHash(data: unknown): string {
  return sha256(canonicalJson(data ?? null))
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, subject, dataHash, prevHash } = entry
  return sha256(canonicalJson({ seq, at, actor, action, subject, dataHash, prevHash }))
}

/**
 * The entry as a leaf of the transparency log (core/src/tlog): its canonical JSON, every field
 * including its chain hash, so the Merkle tree is built over the chain, not beside it.
 */
export function auditLeaf(entry: AuditEntry): Buffer {
  return Buffer.from(canonicalJson(entry), 'utf8')
}

/** The entry that follows `previous` (or starts the chain). */
export function nextEntry(previous: Pick<AuditEntry, 'seq' | 'hash'> | null, change: { at: string; actor: string; action: string; subject: string; data: unknown }): AuditEntry {
  const fields = {
    seq: (previous?.seq ?? 0) + 1,
    at: change.at,
    actor: change.actor,
    action: change.action,
    subject: change.subject,
    dataHash: dataHash(change.data),
    prevHash: previous?.hash ?? GENESIS_HASH,
  }
  return { ...fields, hash: entryHash(fields) }
}

/**
 * Recomputes the chain, naming the first entry that does not verify. `head` is the last entry
 * db.json recorded. `from` starts at that index, trusting the entries before it (their last hash
 * is still checked as the next one's prevHash).
 */
export function verifyChain(entries: readonly AuditEntry[], head?: { seq: number; hash: string } | null, from = 0): AuditVerification {
  const prevHash = from > 0 ? (entries[from - 1]?.hash ?? GENESIS_HASH) : GENESIS_HASH
  const broken = checkLinks(entries, { seq: from, hash: prevHash }, from)
  if (broken !== undefined) return { ok: false, entries: entries.length, broken }
  if (head) {
    const last = entries[entries.length - 1]
    if (last === undefined || last.seq < head.seq) {
      return { ok: false, entries: entries.length, broken: { seq: (last?.seq ?? 0) + 1, reason: `db.json records ${head.seq} entries but only ${entries.length} are left: the end of the chain was removed` } }
    }
    if (last.seq === head.seq && last.hash !== head.hash) {
      return { ok: false, entries: entries.length, broken: { seq: last.seq, reason: `its hash is not the last hash db.json recorded (${short(head.hash)})` } }
    }
  }
  return { ok: true, entries: entries.length }
}

/**
 * `verifyChain` over a chain read in batches (a store that keeps it on disk reads one segment at a
 * time): `start` is the entry before the first batch (trusted), `total` the chain's length.
 */
export function verifyChainInBatches(batches: Iterable<readonly AuditEntry[]>, head: { seq: number; hash: string } | null | undefined, total: number, start = { seq: 0, hash: GENESIS_HASH }): AuditVerification {
  let prev = start
  for (const batch of batches) {
    const broken = checkLinks(batch, prev)
    if (broken !== undefined) return { ok: false, entries: total, broken }
    const last = batch[batch.length - 1]
    if (last !== undefined) prev = { seq: last.seq, hash: last.hash }
  }
  if (head) {
    if (prev.seq < head.seq) return { ok: false, entries: total, broken: { seq: prev.seq + 1, reason: `db.json records ${head.seq} entries but only ${total} are left: the end of the chain was removed` } }
    if (prev.seq === head.seq && prev.hash !== head.hash) return { ok: false, entries: total, broken: { seq: prev.seq, reason: `its hash is not the last hash db.json recorded (${short(head.hash)})` } }
  }
  return { ok: true, entries: total }
}

/**
 * Checks `entries[start…]` as the entries that follow `prev` (seq and hash), naming the first that
 * does not verify: a chain can so be checked in batches, whatever its length.
 */
export function checkLinks(entries: readonly AuditEntry[], prev: { seq: number; hash: string }, start = 0): { seq: number; reason: string } | undefined {
  let prevHash = prev.hash
  for (let i = start; i < entries.length; i++) {
    const e = entries[i] as AuditEntry
    const expected = prev.seq + (i - start) + 1
    const broken = (reason: string) => ({ seq: typeof e.seq === 'number' ? e.seq : expected, reason })
    if (e.seq !== expected) return broken(`entry ${expected} has seq ${e.seq}: an entry was removed or reordered`)
    if (e.prevHash !== prevHash) return broken(`its prevHash ${short(e.prevHash)} is not the hash of entry ${expected - 1} (${short(prevHash)}): the chain was cut or reordered`)
    const hash = entryHash(e)
    if (e.hash !== hash) return broken(`its hash ${short(e.hash)} does not match its contents (${short(hash)}): the entry was changed (${e.action} ${e.subject})`)
    prevHash = e.hash
  }
  return undefined
}

const short = (hash: unknown) => (typeof hash === 'string' ? `${hash.slice(0, 12)}…` : String(hash))

/** The data the audit chain records for a publication: exactly what its signature covers, plus the signature. */
export function publishedData(p: Publication): unknown {
  const { withdrawn: _withdrawn, ...signed } = p
  return signed
}
