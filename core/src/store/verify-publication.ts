/**
 * Checks a publication the way a regulator or a reader would: its signature, that its id names its
 * content, that its artifacts are intact, and that the audit chain recorded exactly it.
 */
import { auditLeaf, checkLinks, dataHash, publishedData } from './audit-chain.js'
import type { AuditEntry, Publication } from '../model/index.js'
import { leafHash } from '../tlog/hashing.js'
import { type StoredTreeHashes, inclusionProof, rootAt, verifyInclusion, withStoredHashes } from '../tlog/tree.js'
import { checkSignature, publicationId } from './signing.js'
import type { Store } from './store.js'

export interface VerifyCheck {
  check: 'signature' | 'id' | 'artifact:output' | 'artifact:bundle' | 'audit' | 'withdrawal' | 'rerun'
  /** `skip` when the check could not be made (e.g. no store to look in). */
  status: 'ok' | 'fail' | 'skip'
  detail: string
}

export interface PublicationVerification {
  id: string
  ok: boolean
  withdrawn?: Publication['withdrawn']
  checks: VerifyCheck[]
}

/** What verifying a publication reads of a store: its artifacts, its audit entries and what proves them. */
export type VerifyingStore = Pick<Store, 'artifacts' | 'auditOf' | 'listAudit' | 'logHashes' | 'verifyAudit'>

/**
 * Verifies `publication` against `publicKeyPem` and, when a store is given, its artifacts and its
 * audit entries there.
 */
export async function verifyPublication(publication: Publication, publicKeyPem: string, store?: VerifyingStore): Promise<PublicationVerification> {
  const checks: VerifyCheck[] = []
  const signature = checkSignature(publication, publicKeyPem)
  checks.push({ check: 'signature', status: signature.ok ? 'ok' : 'fail', detail: signature.reason })

  const { id, signature: _s, keyId: _k, withdrawn: _w, ...body } = publication
  const derived = publicationId(body)
  checks.push(
    derived === id
      ? { check: 'id', status: 'ok', detail: `${id} is derived from the content` }
      : { check: 'id', status: 'fail', detail: `the content gives id ${derived}, not ${id}` },
  )

  if (store === undefined) {
    for (const check of ['artifact:output', 'artifact:bundle', 'audit'] as const) checks.push({ check, status: 'skip', detail: 'no store to check against' })
  } else {
    checks.push(artifactCheck(store, 'artifact:output', publication.outputHash, 'output'))
    checks.push(artifactCheck(store, 'artifact:bundle', publication.bundleSha256, 'bundle'))
    checks.push(await auditCheck(store, publication))
    if (publication.withdrawn !== undefined) {
      const entry = (await store.auditOf(id)).find((e) => e.action === 'publication.withdrawn')
      checks.push(
        entry && entry.dataHash === dataHash(publication.withdrawn)
          ? { check: 'withdrawal', status: 'ok', detail: `withdrawn by ${publication.withdrawn.by} at ${publication.withdrawn.at} (audit entry #${entry.seq}): ${publication.withdrawn.reason}` }
          : { check: 'withdrawal', status: 'fail', detail: 'marked withdrawn, but no matching publication.withdrawn entry is in the audit chain' },
      )
    }
  }
  return { id, ok: checks.every((c) => c.status !== 'fail'), ...(publication.withdrawn ? { withdrawn: publication.withdrawn } : {}), checks }
}

function artifactCheck(store: VerifyingStore, check: VerifyCheck['check'], hash: string, what: string): VerifyCheck {
  if (!store.artifacts.has(hash)) return { check, status: 'fail', detail: `the ${what} artifact ${hash} is missing` }
  try {
    store.artifacts.get(hash)
    return { check, status: 'ok', detail: `${what} artifact sha256:${hash.slice(0, 16)}… is intact` }
  } catch (e) {
    return { check, status: 'fail', detail: (e as Error).message }
  }
}

async function auditCheck(store: VerifyingStore, publication: Publication): Promise<VerifyCheck> {
  const entry = (await store.auditOf(publication.id)).find((e) => e.action === 'publication.published')
  if (entry === undefined) return { check: 'audit', status: 'fail', detail: `no publication.published entry for ${publication.id} in the audit chain` }
  if (entry.dataHash !== dataHash(publishedData(publication))) {
    return { check: 'audit', status: 'fail', detail: `audit entry #${entry.seq} recorded other content for ${publication.id}: the publication differs from what was published` }
  }
  const proven = await provenInLog(store, entry)
  if (proven !== undefined) {
    return proven.ok
      ? { check: 'audit', status: 'ok', detail: `recorded as audit entry #${entry.seq} (${entry.at}); the transparency log of ${proven.size} entries includes it, and the chain links it to the next entry` }
      : { check: 'audit', status: 'fail', detail: `audit entry #${entry.seq} matches, but ${proven.reason}` }
  }
  // No usable log (an older data dir, hashes not rebuilt yet): recompute the chain up to the entry.
  const chain = await store.verifyAudit()
  if (!chain.ok && chain.broken !== undefined && chain.broken.seq <= entry.seq) {
    return { check: 'audit', status: 'fail', detail: `audit entry #${entry.seq} matches, but the chain is broken before it, at entry #${chain.broken.seq}: ${chain.broken.reason}` }
  }
  return { check: 'audit', status: 'ok', detail: `recorded as audit entry #${entry.seq} (${entry.at}); the chain verifies up to it` }
}

/**
 * Whether `entry` is in the chain, from what proves it rather than from the whole chain: its hash
 * matches its contents, the next entry chains to it, and the transparency log includes it (an
 * inclusion proof to the root of the stored tree) — a tree whose last leaf is the chain's newest
 * entry. Reads the entry, its successor, the newest entry and about 2·log2(n) stored hashes.
 * Undefined when the store has no log to prove it with (the caller recomputes the chain instead).
 */
async function provenInLog(store: VerifyingStore, entry: AuditEntry): Promise<{ ok: true; size: number } | { ok: false; reason: string } | undefined> {
  const own = checkLinks([entry], { seq: entry.seq - 1, hash: entry.prevHash })
  if (own !== undefined) return { ok: false, reason: `the chain is broken before it, at entry #${own.seq}: ${own.reason}` }
  let tree: StoredTreeHashes
  try {
    tree = await store.logHashes()
  } catch {
    return undefined
  }
  const size = tree.size
  if (size < entry.seq) return undefined
  const [next, newest] = await Promise.all([
    entry.seq < size ? store.listAudit({ offset: entry.seq, limit: 1 }) : undefined,
    store.listAudit({ offset: size - 1, limit: 1 }),
  ])
  const head = newest.items[0]
  if (newest.total !== size || head === undefined || head.seq !== size) return undefined
  const following = next?.items[0]
  if (following !== undefined) {
    const link = checkLinks([following], { seq: entry.seq, hash: entry.hash })
    if (link !== undefined) return { ok: false, reason: `the chain is broken after it, at entry #${link.seq}: ${link.reason}` }
  }
  const { proof, root, last } = await withStoredHashes(tree, (t) => ({ proof: inclusionProof(t, entry.seq - 1, size), root: rootAt(t, size), last: t.node(0, size - 1) }))
  if (!verifyInclusion(entry.seq - 1, size, leafHash(auditLeaf(entry)), proof, root)) {
    return { ok: false, reason: `the transparency log does not include it as leaf ${entry.seq - 1} of ${size}: the entry, or the log, was changed after it was recorded` }
  }
  if (!last.equals(leafHash(auditLeaf(head))) || checkLinks([head], { seq: head.seq - 1, hash: head.prevHash }) !== undefined) {
    return { ok: false, reason: `the transparency log's last leaf is not the chain's newest entry (#${head.seq}): the log or the chain was changed` }
  }
  return { ok: true, size }
}
