/** Runs and publications as the runner records them, for store tests that need many quickly. */
import { type AuditEntry, type ListOptions, type Publication, type RunRecord, type Store, collectAll, publicationId, sha256 } from '@bund/core'

/** A finished run of a fake scenario and, when published, its unsigned publication. */
export function fakeRun(i: number, status: RunRecord['status'] = 'published'): { run: RunRecord; publication?: Omit<Publication, 'signature' | 'keyId'> } {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + i * 1000).toISOString()
  const run: RunRecord = {
    id: `run_${i}`,
    scenario: 'acme/fake',
    version: '1.0.0',
    bundleSha256: sha256('bundle'),
    seed: i,
    rows: null,
    params: { cutoff: 0.5 },
    status,
    startedAt: at,
    finishedAt: at,
    outputHash: sha256(`output ${i}`),
    verdicts: [{ rule: 'fair-lending/x', title: 'x', check: 'x', citation: 'x', severity: 'block', status: status === 'held' ? 'fail' : 'pass', figure: 0.9, threshold: 0.8, message: 'x' }],
    resources: { wallMs: 1, cpuMs: 1, heapPeakBytes: 1 },
    rulePacks: { 'fair-lending': '1.0.0' },
    logs: [],
    runtimeVersion: '0.1.0',
  }
  if (status !== 'published') return { run }
  const { id: _id, status: _s, startedAt: _a, finishedAt, logs: _l, runtimeVersion, ...rest } = run
  const body = { ...rest, runId: run.id, outputHash: run.outputHash as string, runtimeVersion: runtimeVersion as string, publishedAt: finishedAt }
  return { run, publication: { id: publicationId(body), ...body } }
}

/** Records run `i` as published and returns its signed publication (acknowledged once it resolves). */
export async function publish(store: Store, i: number): Promise<Publication> {
  const { run, publication } = fakeRun(i)
  // The artifacts first, as the runner writes them before it records the run.
  store.artifacts.put('bundle')
  store.artifacts.put(`output ${i}`)
  return (await store.recordRun(run, publication)) as Publication
}

/** Every publication a listing holds (newest first), read page by page. */
export function allPublications(store: Store, options: Omit<ListOptions, 'offset' | 'limit'> = {}): Promise<Publication[]> {
  return collectAll((o) => store.listPublications(o), options)
}

/** Every run a listing holds (newest first), read page by page. */
export function allRuns(store: Store, options: Omit<ListOptions, 'offset' | 'limit'> = {}): Promise<RunRecord[]> {
  return collectAll((o) => store.listRuns(o), options)
}

/** The whole audit chain, in chain order. */
export function allAudit(store: Store): Promise<AuditEntry[]> {
  return collectAll((o) => store.listAudit(o), {})
}
