/**
 * Transparency log proofs at 100,000 leaves (about 20,000 publications' audit entries), each against
 * a baseline measured in the same run:
 *   - an inclusion proof and a consistency proof from the stored-hash file (O(log n) positional
 *     reads) vs. recomputing the root from all leaf hashes in memory (what a store without stored
 *     subtree hashes would do per proof);
 *   - appending one leaf (hash, completed parents, one write) vs. hashing the same leaf alone.
 * Run: `npx tsc -b && npx vitest bench --run --config test/vitest.config.ts test/bench/tlog.bench.ts`.
 */
import { join } from 'node:path'
import { tlog } from '@bund/core'
import { afterAll, bench, describe } from 'vitest'
import { tempDir } from '../helpers/cli.js'

const N = 100_000
const leaves = Array.from({ length: N }, (_, i) => Buffer.from(`{"seq":${i + 1},"action":"publication.published","subject":"pub_${i}"}`))
const file = tlog.HashFile.open(join(tempDir('bund-tlog-bench-'), 'hashes'), { count: N, leaf: (i) => leaves[i] as Buffer }, { writable: true }) as tlog.HashFile
const leafHashes = leaves.map((l) => tlog.leafHash(l))
const samples = { inclusion: [] as number[], consistency: [] as number[], recompute: [] as number[], append: [] as number[], hashOnly: [] as number[] }
let k = 0

function rootOfAll(hashes: Buffer[]): Buffer {
  let level = hashes
  while (level.length > 1) {
    const next: Buffer[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(tlog.nodeHash(level[i] as Buffer, level[i + 1] as Buffer))
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Buffer)
    level = next
  }
  return level[0] as Buffer
}

const time = (into: number[], f: () => unknown) => {
  const t = performance.now()
  f()
  into.push(performance.now() - t)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

describe(`transparency log at ${N} leaves`, () => {
  bench('inclusion proof from stored hashes', () => time(samples.inclusion, () => tlog.inclusionProof(file, (k++ * 7919) % N, N)), { iterations: 200 })
  bench('consistency proof from stored hashes', () => time(samples.consistency, () => tlog.consistencyProof(file, 1 + ((k++ * 7919) % (N - 1)), N)), { iterations: 200 })
  bench('baseline: root recomputed from all leaf hashes', () => time(samples.recompute, () => rootOfAll(leafHashes)), { iterations: 10 })
  bench('append one leaf', () => time(samples.append, () => file.append([Buffer.from(`leaf ${k++}`)])), { iterations: 500 })
  bench('baseline: hash one leaf', () => time(samples.hashOnly, () => tlog.leafHash(Buffer.from(`leaf ${k++}`))), { iterations: 500 })
})

afterAll(() => {
  const f = (ms: number) => `${(ms * 1000).toFixed(1)} µs`
  const r = median(samples.recompute)
  console.log(`\ninclusion proof:   median ${f(median(samples.inclusion))}; baseline full recompute ${f(r)}; recompute / proof ${Math.round(r / median(samples.inclusion))}x`)
  console.log(`consistency proof: median ${f(median(samples.consistency))}; recompute / proof ${Math.round(r / median(samples.consistency))}x`)
  console.log(`append one leaf:   median ${f(median(samples.append))}; baseline leaf hash ${f(median(samples.hashOnly))}; ratio ${(median(samples.append) / median(samples.hashOnly)).toFixed(1)}x`)
  file.close()
})
