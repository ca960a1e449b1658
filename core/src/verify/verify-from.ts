/**
 * Verifying a publication from what an outsider holds — a server's answers (`bund verify <url>`) or
 * a downloaded evidence file (`bund verify evidence.json`): the same checks over either source.
 * Every check names what it looked at; a failed one carries its own error code. Nothing is written,
 * except the remembered checkpoint when every check passed.
 */
import { z } from 'zod'
import { BundError, type ErrorCode, isBundError, sha256, keyIdOf } from '../kernel/index.js'
import { type DsseEnvelope, checkAttestation } from '../store/attestation.js'
import { auditLeaf, entryHash } from '../store/audit-chain.js'
import type { Publication } from '../model/index.js'
import { checkSignature, publicationId } from '../store/signing.js'
import { type InclusionResponse, expectedEntries, noteOrigin } from '../store/transparency-log.js'
import { type Checkpoint, NoteError, openCheckpoint } from '../tlog/checkpoint.js'
import { leafHash } from '../tlog/hashing.js'
import { verifyConsistency, verifyInclusion } from '../tlog/tree.js'
import { readRemembered, remember } from './checkpoint-memory.js'
import type { TrustedKeys } from './trusted-keys.js'

/** Enough of a publication's shape to check it; the signature decides the rest. */
export const PublicationShape = z
  .object({ id: z.string().max(100), runId: z.string().max(100), scenario: z.string().max(200), version: z.string().max(100), bundleSha256: z.string().max(64), seed: z.number(), outputHash: z.string().max(64), verdicts: z.array(z.unknown()), signature: z.string().max(200), keyId: z.string().max(64) })
  .passthrough()

export interface RemoteCheck {
  check: string
  status: 'ok' | 'fail' | 'skip'
  detail: string
  /** Why it failed (or was skipped), as a stable code. */
  code?: ErrorCode
}

export interface RemoteVerification {
  id: string
  /** Where the publication came from: its URL, or the evidence file. */
  url: string
  ok: boolean
  publication?: Pick<Publication, 'scenario' | 'version' | 'seed' | 'withdrawn'>
  checkpoint?: { origin: string; size: number; root: string }
  checks: RemoteCheck[]
}

export interface Recorders {
  pass(check: string, detail: string): void
  fail(check: string, code: ErrorCode, detail: string): void
  skip(check: string, detail: string, code?: ErrorCode): void
  /** Runs one check; a BundError it throws (a fetch that failed, a malformed answer) fails that check with its code. */
  attempt(check: string, body: () => Promise<void> | void): Promise<void>
}

/** What a verifier reads, from a server or from a file. Each may throw a BundError naming what went wrong. */
export interface VerifySource {
  /** Where each thing came from, for messages (a URL, or a field of the evidence file). */
  where(what: 'publication' | 'public-key' | 'public-keys' | 'artifact' | 'checkpoint'): string
  publication(): Promise<Publication>
  /** The key the instance signs with now, as the source presents it (PEM). */
  currentKey(): Promise<string>
  /** The instance's key history as the source presents it. */
  history(): Promise<TrustedKeys>
  /** The output artifact's bytes; undefined when the source does not hold it (with why). */
  artifact(): Promise<Buffer | { missing: string }>
  checkpoint(): Promise<string>
  inclusion(size: number): Promise<InclusionResponse>
  /** A consistency proof between two sizes; undefined when the source cannot give one (a file). */
  consistency(from: number, to: number): Promise<{ from: number; to: number; proof: string[] } | undefined>
  attestation(): Promise<DsseEnvelope>
}

export interface VerifyOptions {
  /** The keys the reader trusts (`--key`); unpinned, the source's own. */
  pinned?: { keys: TrustedKeys; file: string }
  /** Where the last accepted checkpoint is remembered. */
  checkpointFile?: string
  /** The id the reader asked for (the URL's), when it came from a URL. */
  expectedId?: string
  /** More checks after the common ones (the re-run of a URL's bundle). */
  more?: (publication: Publication, r: Recorders) => Promise<void>
}

export async function verifyFrom(source: VerifySource, options: VerifyOptions = {}): Promise<RemoteVerification> {
  const checks: RemoteCheck[] = []
  const r: Recorders = {
    pass: (check, detail) => checks.push({ check, status: 'ok', detail }),
    fail: (check, code, detail) => checks.push({ check, status: 'fail', code, detail }),
    skip: (check, detail, code) => checks.push({ check, status: 'skip', detail, ...(code ? { code } : {}) }),
    attempt: async (check, body) => {
      try {
        await body()
      } catch (e) {
        if (!isBundError(e)) throw e
        r.fail(check, e.code, e.message)
      }
    },
  }
  const { pass, fail, skip, attempt } = r

  // The publication and the key: without them nothing else can be checked.
  const publication = await source.publication()
  const id = options.expectedId ?? publication.id
  const servedKey = await source.currentKey()
  const pinned = options.pinned
  const key = pinned?.keys.current ?? servedKey
  if (pinned !== undefined) {
    if (keyIdOf(pinned.keys.current) === keyIdOf(servedKey)) pass('key', `the instance's key is the pinned key ${keyIdOf(key).slice(0, 16)}…`)
    else fail('key', 'KEY_MISMATCH', `${source.where('public-key')} is key ${keyIdOf(servedKey).slice(0, 16)}…, not the pinned key ${keyIdOf(key).slice(0, 16)}… from ${pinned.file}`)
  } else pass('key', `the instance's key ${keyIdOf(servedKey).slice(0, 16)}… (not pinned: pass --key FILE to check it is the one you trust)`)
  const keyId = keyIdOf(key)

  // Retired keys: a pinned history's, or (unpinned) the source's, when its current key is the one presented.
  let retired: Map<string, string> | undefined
  let historyProblem = ''
  const retiredKeys = async (): Promise<Map<string, string>> => {
    if (retired !== undefined) return retired
    if (pinned !== undefined) return (retired = pinned.keys.retired)
    retired = new Map()
    try {
      const history = await source.history()
      if (keyIdOf(history.current) === keyIdOf(servedKey)) retired = history.retired
      else historyProblem = `${source.where('public-keys')} names key ${keyIdOf(history.current).slice(0, 16)}… as current, not ${keyIdOf(servedKey).slice(0, 16)}…: the instance contradicts itself`
    } catch (e) {
      if (!isBundError(e)) throw e
      historyProblem = e.message
    }
    return retired
  }

  if (publication.id !== id) fail('id', 'PUBLICATION_TAMPERED', `${source.where('publication')} answered publication ${String(publication.id).slice(0, 40)}`)
  // A publication signed before a key rotation names a retired key, found in the key history.
  const retiredKey = publication.keyId === keyId ? undefined : (await retiredKeys()).get(publication.keyId)
  if (publication.keyId !== keyId && retiredKey === undefined) {
    // Another key than the pinned ones, or a history that contradicts the key presented: KEY_MISMATCH; a key the instance's own history does not know: KEY_UNKNOWN.
    const why = pinned !== undefined || historyProblem !== '' ? 'KEY_MISMATCH' : 'KEY_UNKNOWN'
    const from = pinned !== undefined ? `the keys pinned in ${pinned.file}` : `the instance's key history (${source.where('public-keys')})`
    fail('signature', why, `signed with key ${String(publication.keyId).slice(0, 16)}…, which is neither the instance's key ${keyId.slice(0, 16)}… nor in ${from}${historyProblem ? `; ${historyProblem}` : ''}`)
  } else {
    const signature = checkSignature(publication, retiredKey ?? key)
    if (signature.ok) pass('signature', retiredKey === undefined ? signature.reason : `${signature.reason} (a key this instance retired by a rotation)`)
    else fail('signature', 'PUBLICATION_TAMPERED', signature.reason)
  }
  const { id: _id, signature: _s, keyId: _k, withdrawn: _w, ...body } = publication
  const derived = publicationId(body)
  if (derived === publication.id) pass('id', `${publication.id} is derived from the content`)
  else fail('id', 'PUBLICATION_TAMPERED', `the content gives id ${derived}, not ${publication.id}`)

  await attempt('artifact:output', async () => {
    const bytes = await source.artifact()
    if (!Buffer.isBuffer(bytes)) return skip('artifact:output', bytes.missing)
    const hash = sha256(bytes)
    if (hash === publication.outputHash) pass('artifact:output', `${bytes.length} bytes from ${source.where('artifact')}; sha256:${hash.slice(0, 16)}… is the published outputHash`)
    else fail('artifact:output', 'ARTIFACT_TAMPERED', `${source.where('artifact')} has sha256:${hash.slice(0, 16)}…, the publication names sha256:${publication.outputHash.slice(0, 16)}…`)
  })

  // The log, named by the instance's stable id (a rotation keeps it): a checkpoint signed with the
  // current key, the publication's entries included in it, and (with --checkpoint) the new
  // checkpoint consistent with the last one seen.
  let origin = ''
  let checkpoint: Checkpoint | undefined
  let note = ''
  await attempt('checkpoint', async () => {
    note = await source.checkpoint()
    try {
      origin = noteOrigin(note)
      checkpoint = openCheckpoint(note, origin, key)
    } catch (e) {
      if (!(e instanceof NoteError)) throw e
      throw new BundError('CHECKPOINT_INVALID', `the log's checkpoint: ${e.message}`)
    }
    pass('checkpoint', `${origin}: ${checkpoint.size} entries, root ${checkpoint.root.toString('base64').slice(0, 16)}…, signed with the key`)
  })

  if (checkpoint === undefined) skip('inclusion', 'no valid checkpoint to prove inclusion against')
  else {
    const cp = checkpoint
    await attempt('inclusion', async () => {
      const answer = await source.inclusion(cp.size)
      pass('inclusion', proveInclusion(answer, cp, publication))
    })
  }

  let rememberAfter = false
  if (options.checkpointFile === undefined) skip('consistency', 'pass --checkpoint FILE to remember this checkpoint and check the log is never rewritten')
  else if (checkpoint === undefined) skip('consistency', 'no valid checkpoint to compare')
  else {
    const cp = checkpoint
    const file = options.checkpointFile
    await attempt('consistency', async () => {
      const old = readRemembered(file, origin, [key, ...(await retiredKeys()).values()])?.checkpoint
      if (old === undefined) {
        pass('consistency', `first checkpoint of this log seen; remembered in ${file}`)
      } else if (cp.size < old.size) {
        throw new BundError('LOG_SHRUNK', `the log has ${cp.size} entries, fewer than the ${old.size} of the checkpoint remembered in ${file}`)
      } else if (cp.size === old.size) {
        if (!cp.root.equals(old.root)) throw new BundError('LOG_FORKED', `two checkpoints of size ${cp.size} with different roots (${old.root.toString('base64').slice(0, 12)}… remembered, ${cp.root.toString('base64').slice(0, 12)}… now): the log was rewritten`)
        pass('consistency', `the same tree as the checkpoint remembered in ${file} (${cp.size} entries)`)
      } else if (old.size === 0) {
        pass('consistency', `the remembered checkpoint was of the empty log; now ${cp.size} entries`)
      } else {
        const answer = await source.consistency(old.size, cp.size)
        if (answer === undefined) return skip('consistency', `the remembered checkpoint is of ${old.size} entries, this one of ${cp.size}: proving one extends the other needs the log (verify the publication's URL); ${file} is left as it was`)
        const proof = answer.proof.map((h) => Buffer.from(h, 'base64'))
        if (answer.from !== old.size || answer.to !== cp.size || !verifyConsistency(old.size, cp.size, old.root, cp.root, proof)) {
          throw new BundError('LOG_FORKED', `no valid consistency proof from the remembered ${old.size}-entry tree to the ${cp.size}-entry one: the log was rewritten`)
        }
        pass('consistency', `the ${cp.size}-entry log extends the ${old.size}-entry one remembered in ${file} (consistency proof of ${proof.length} hashes)`)
      }
      rememberAfter = true
    })
  }

  await attempt('attestation', async () => {
    const result = checkAttestation(await source.attestation(), publication, key)
    if (result.ok) pass('attestation', result.reason)
    else fail('attestation', 'ATTESTATION_INVALID', result.reason)
  })

  if (publication.withdrawn !== undefined) pass('withdrawal', `withdrawn by ${publication.withdrawn.by} at ${publication.withdrawn.at}: ${publication.withdrawn.reason} (the withdrawal is in the log)`)
  if (options.more) await options.more(publication, r)

  const ok = checks.every((c) => c.status !== 'fail')
  if (ok && rememberAfter && options.checkpointFile !== undefined) remember(options.checkpointFile, note)
  return {
    id,
    url: source.where('publication'),
    ok,
    publication: { scenario: publication.scenario, version: publication.version, seed: publication.seed, ...(publication.withdrawn ? { withdrawn: publication.withdrawn } : {}) },
    ...(checkpoint ? { checkpoint: { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root.toString('base64') } } : {}),
    checks,
  }
}

/** Checks each entry the publication's history must have against the checkpoint; returns what was proved, or throws PROOF_INVALID. */
function proveInclusion(answer: InclusionResponse, cp: Checkpoint, publication: Publication): string {
  if (answer.size !== cp.size) throw new BundError('PROOF_INVALID', `the proofs are for a tree of ${answer.size} entries, not the checkpoint's ${cp.size}`)
  const proved: string[] = []
  for (const want of expectedEntries(publication)) {
    const item = answer.entries.find((e) => e.entry.action === want.action && e.entry.subject === want.subject)
    if (item === undefined) throw new BundError('PROOF_INVALID', `the log has no ${want.action} entry for ${want.subject} in its first ${cp.size} entries`)
    const { entry } = item
    if (entry.dataHash !== want.dataHash) throw new BundError('PROOF_INVALID', `the log's ${want.action} entry #${entry.seq} recorded other content than this publication`)
    if (entryHash(entry) !== entry.hash) throw new BundError('PROOF_INVALID', `the log's entry #${entry.seq} does not hash to its recorded hash`)
    if (item.index !== entry.seq - 1) throw new BundError('PROOF_INVALID', `entry #${entry.seq} is claimed at leaf ${item.index}`)
    const path = item.proof.map((h) => Buffer.from(h, 'base64'))
    if (!verifyInclusion(item.index, cp.size, leafHash(auditLeaf(entry)), path, cp.root)) {
      throw new BundError('PROOF_INVALID', `the inclusion proof of ${want.action} (leaf ${item.index}) does not lead to the checkpoint's root`)
    }
    proved.push(`${want.action} #${entry.seq}`)
  }
  return `${proved.join(', ')} included in the ${cp.size}-entry log (RFC 9162 audit paths)`
}
