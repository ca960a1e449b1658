/**
 * The publication page's "verify it yourself" block: the one command that works for any reader (it
 * needs only the publication's URL, never a data dir, and creates nothing), the log's current
 * checkpoint, and whether the publication's entries are included in it — checked here against the
 * stored tree, the same way `bund verify` checks it from outside.
 */
import { auditLeaf } from '../../store/audit-chain.js'
import type { Publication } from '../../model/index.js'
import type { Store } from '../../store/store.js'
import { publicationInclusion, signedCheckpoint } from '../../store/transparency-log.js'
import { leafHash } from '../../tlog/hashing.js'
import { verifyInclusion } from '../../tlog/tree.js'
import { Facts, Hash } from './components.js'
import type { Translator } from './i18n/index.js'

/** `npx bund verify <url>`: the publication's API URL on the server the reader is looking at. */
export function verifyCommand(origin: string, id: string): string {
  return `npx bund verify ${origin}/api/v1/publications/${id}`
}

async function inclusionStatus(store: Store, p: Publication): Promise<{ ok: boolean; size: number; root: string; seqs: number[] } | undefined> {
  try {
    const { checkpoint } = await signedCheckpoint(store)
    const proofs = await publicationInclusion(store, p, checkpoint.size)
    const ok = proofs.length > 0 && proofs.every((x) => verifyInclusion(x.index, checkpoint.size, leafHash(auditLeaf(x.entry)), x.proof.map((h) => Buffer.from(h, 'base64')), checkpoint.root))
    return { ok, size: checkpoint.size, root: checkpoint.root.toString('hex'), seqs: proofs.map((x) => x.entry.seq) }
  } catch {
    // A store without its log hashes (or a read-only one without a key): say so, never fail the page.
    return undefined
  }
}

export async function VerifyBlock(props: { store: Store; publication: Publication; origin: string; t: Translator }) {
  const { store, publication: p, origin, t } = props
  const { m } = t
  const status = await inclusionStatus(store, p)
  return (
    <>
      <h3 id="verify-heading">{m.verifyHeading}</h3>
      <pre aria-labelledby="verify-heading">
        <code>{verifyCommand(origin, p.id)}</code>
      </pre>
      <p>{m.verifyText}</p>
      <div id="log-status">
        <Facts
          label={m.logCheckpoint}
          items={[
            [
              m.logCheckpoint,
              status === undefined ? (
                m.logUnavailable
              ) : (
                <>
                  {m.logCheckpointText(t.num(status.size, 0))} <Hash value={status.root} /> (<a href="/api/v1/log/checkpoint">/api/v1/log/checkpoint</a>)
                </>
              ),
            ],
            [
              m.logInclusion,
              status === undefined ? (
                m.logUnavailable
              ) : (
                <>
                  <span class={`badge ${status.ok ? 'status-pass' : 'status-fail'}`}>{status.ok ? m.logIncludedBadge : m.logNotIncluded}</span> {status.ok ? m.logIncluded(status.seqs.join(', ')) : ''}{' '}
                  <a href={`/api/v1/publications/${encodeURIComponent(p.id)}/inclusion`}>{m.logProofLink}</a> · <a href={`/api/v1/publications/${encodeURIComponent(p.id)}/attestation`}>{m.logAttestationLink}</a> ·{' '}
                  <a href={`/api/v1/publications/${encodeURIComponent(p.id)}/evidence`} download={`${p.id}.evidence.json`}>
                    {m.logEvidenceLink}
                  </a>
                </>
              ),
            ],
          ]}
        />
      </div>
    </>
  )
}
