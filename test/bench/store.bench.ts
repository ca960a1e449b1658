/**
 * Store speed at 10,000 publications: the median time to publish the ~10,000th result (signed,
 * chained, durably written) and to read a publication by id, each against a baseline measured in
 * the same run:
 *   - publish vs. the smallest durable write of the same new records (open, write, fsync, close,
 *     fsync the folder): what any crash-safe store must pay at least;
 *   - read vs. a plain Map lookup.
 * Run: `npx tsc -b && npx vitest bench --run --config test/vitest.config.ts test/bench/store.bench.ts`.
 * Figures are noisy: the machine is shared (2 cores, other engineers' builds and tests).
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { type Publication, type RunRecord, type Store, fsyncDir, openStore, publicationId, sha256 } from '@bund/core'
import { afterAll, beforeAll, bench, describe } from 'vitest'
import { tempDir } from '../helpers/cli.js'
import { allPublications } from '../helpers/store-records.js'

const FILL = 9_950
let store: Store
let n = 0
const ids: string[] = []
const samples = { publish: [] as number[], baseline: [] as number[], read: [] as number[], map: [] as number[] }

/** A realistic published run: a credit scenario with four verdicts and a few log lines. */
function next(): { run: RunRecord; publication: Omit<Publication, 'signature' | 'keyId'> } {
  n++
  const at = new Date().toISOString()
  const verdicts = ['four-fifths-gender', 'four-fifths-region', 'adverse-action-reasons', 'output-schema'].map((rule) => ({
    rule: `fair-lending/${rule}`,
    title: `Rule ${rule}`,
    check: rule,
    citation: 'ECOA / Reg B 12 CFR 1002',
    severity: 'block' as const,
    status: 'pass' as const,
    figure: 0.91,
    threshold: 0.8,
    message: `approval-rate ratio 0.91 >= 0.80 for ${rule}`,
    evidence: { groups: { a: 0.61, b: 0.56 } },
  }))
  const run: RunRecord = {
    id: `run_${n}`,
    scenario: 'bund/credit-scoring',
    version: '1.0.0',
    bundleSha256: sha256('bundle'),
    seed: n,
    rows: null,
    params: { cutoff: 0.5 },
    status: 'published',
    startedAt: at,
    finishedAt: at,
    outputHash: sha256(`output ${n}`),
    verdicts,
    resources: { wallMs: 250, cpuMs: 170, heapPeakBytes: 5_800_000 },
    rulePacks: { 'fair-lending': '1.0.0', operational: '1.0.0' },
    logs: [{ level: 'info', message: 'scored 10000 applicants' } as RunRecord['logs'][number]],
    runtimeVersion: '0.1.0',
  }
  const body = {
    runId: run.id,
    scenario: run.scenario,
    version: run.version,
    bundleSha256: run.bundleSha256,
    seed: n,
    rows: null,
    params: run.params,
    outputHash: run.outputHash as string,
    verdicts,
    resources: run.resources,
    rulePacks: run.rulePacks,
    runtimeVersion: '0.1.0',
    publishedAt: at,
  }
  return { run, publication: { id: publicationId(body), ...body } }
}

/** The baseline: one durable write of exactly the records a publish adds. */
function durableWrite(dir: string, bytes: string): void {
  const fd = openSync(join(dir, 'baseline.json'), 'w')
  writeSync(fd, bytes)
  fsyncSync(fd)
  closeSync(fd)
  fsyncDir(dir)
}

const time = (f: () => unknown) => {
  const t = performance.now()
  f()
  return performance.now() - t
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

beforeAll(async () => {
  const dir = tempDir('bund-bench-')
  store = await openStore(dir)
  const started = performance.now()
  for (let i = 0; i < FILL; i++) {
    const { run, publication } = next()
    ids.push((await store.recordRun(run, publication))!.id)
  }
  console.log(`filled ${FILL} publications in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}, 900_000)

afterAll(async () => {
  const f = (x: number) => (x < 0.01 ? `${(x * 1000).toFixed(2)} µs` : `${x.toFixed(3)} ms`)
  const p = median(samples.publish)
  const b = median(samples.baseline)
  const r = median(samples.read)
  const m = median(samples.map)
  console.log(`\npublish the ~10,000th result: median ${f(p)} (n=${samples.publish.length}); baseline durable write of the same records ${f(b)}; ratio ${(p / b).toFixed(2)}x  [budget 20 ms]`)
  console.log(`read a publication by id:     median ${f(r)} (n=${samples.read.length}); baseline Map.get ${f(m)}; ratio ${(r / m).toFixed(2)}x  [budget 1 ms]`)
  await store.close()
  const t = performance.now()
  const reopened = await openStore(store.dataDir)
  console.log(`reopen with ${(await allPublications(reopened)).length} publications (loads segments, verifies the chain): ${(performance.now() - t).toFixed(0)} ms`)
  await reopened.close()
  console.log('(shared, noisy machine: 2 cores used by several engineers at once)\n')
})

describe('publish the ~10,000th result', () => {
  bench(
    'store.recordRun (sign, chain, journal append + fdatasync)',
    async () => {
      const { run, publication } = next()
      const t = performance.now()
      await store.recordRun(run, publication)
      samples.publish.push(performance.now() - t)
    },
    { iterations: 100, time: 0, warmupIterations: 0 },
  )
  bench(
    'baseline: write + fsync of the same new records',
    () => {
      const { run, publication } = next()
      n-- // the baseline does not publish
      const bytes = JSON.stringify({ run, publication, audit: [1, 2, 3].map((seq) => ({ seq, hash: sha256(String(seq)), prevHash: sha256('') })) })
      samples.baseline.push(time(() => durableWrite(store.dataDir, bytes)))
    },
    { iterations: 100, time: 0, warmupIterations: 0 },
  )
})

describe('read a publication by id', () => {
  const map = new Map<string, unknown>()
  bench(
    'store.getPublication(id)',
    async () => {
      const id = ids[Math.floor(Math.random() * ids.length)] as string
      const started = performance.now()
      await store.getPublication(id)
      samples.read.push(performance.now() - started)
    },
    { iterations: 10_000, time: 0 },
  )
  bench(
    'baseline: Map.get',
    async () => {
      if (map.size === 0) for (const id of ids) map.set(id, await store.getPublication(id))
      const id = ids[Math.floor(Math.random() * ids.length)] as string
      samples.map.push(time(() => map.get(id)))
    },
    { iterations: 10_000, time: 0 },
  )
})
