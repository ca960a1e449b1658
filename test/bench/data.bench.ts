/**
 * Data generation speed and memory (`npm run bench`, or
 * `npx vitest bench --run --config test/vitest.config.ts test/bench/data.bench.ts` after a build).
 *
 * Goals (issue 3): 1,000,000 credit applicants ≤ 1 s and 1,000,000 transactions with typologies
 * ≤ 2 s; at most 5× the floor (`floorFill`: a plain loop filling the same typed arrays from the same
 * PRNG, one draw per cell); peak memory at most 2× the bytes of the columns. The machine is shared
 * and noisy, so every figure is set against the floor measured in the same run: vitest prints the
 * wall-time ratio ("… times faster than …"); after the benchmarks, fresh processes measure the
 * CPU-time ratio (medians of interleaved runs, less sensitive to other processes) and peak memory.
 */
import { spawnSync } from 'node:child_process'
import { floorFill, generateDataset } from '@bund/core'
import { afterAll, bench, describe } from 'vitest'

const ROWS = 1_000_000
const KINDS = ['credit-applicants', 'transactions'] as const
const options = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 }

describe('1,000,000 credit applicants (goal ≤ 1 s, ≤ 5× the floor)', () => {
  bench('generateDataset credit-applicants', () => void generateDataset({ kind: 'credit-applicants', rows: ROWS, seed: 1 }), options)
  bench('floor: plain loop filling the same typed arrays', () => void floorFill('credit-applicants', ROWS), options)
})

describe('1,000,000 transactions with typologies (goal ≤ 2 s, ≤ 5× the floor)', () => {
  bench('generateDataset transactions', () => void generateDataset({ kind: 'transactions', rows: ROWS, seed: 1 }), options)
  bench('floor: plain loop filling the same typed arrays', () => void floorFill('transactions', ROWS), options)
})

/** Runs `code` (an ES module importing @bund/core) in a fresh Node process; returns its JSON line. */
function inChild<T>(code: string): T {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' })
  if (child.status !== 0) throw new Error(child.stderr.trim().split('\n').slice(0, 3).join(' '))
  return JSON.parse(child.stdout) as T
}

/** Peak RSS growth while generating, in a fresh process, against the bytes of the columns. */
function memory(kind: string): string {
  const { grown, columns } = inChild<{ grown: number; columns: number }>(`
    import { generateDataset, tableBytes } from '@bund/core'
    const before = process.memoryUsage().rss
    const d = generateDataset({ kind: '${kind}', rows: ${ROWS}, seed: 1 })
    const peak = process.resourceUsage().maxRSS * 1024
    console.log(JSON.stringify({ grown: peak - before, columns: tableBytes(d.training) + tableBytes(d.evaluation) }))`)
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`
  return `${kind.padEnd(18)} columns ${mb(columns).padStart(8)}  peak RSS growth ${mb(grown).padStart(8)}  ratio ${(grown / columns).toFixed(2)}× (goal ≤ 2×)`
}

/** Median CPU time of generator and floor, interleaved five times each, in a fresh process. */
function cpu(kind: string): string {
  const { generator, floor } = inChild<{ generator: number; floor: number }>(`
    import { floorFill, generateDataset } from '@bund/core'
    const cpu = (f) => { const t = process.cpuUsage(); f(); const u = process.cpuUsage(t); return (u.user + u.system) / 1000 }
    const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1]
    const g = [], f = []
    for (let i = 0; i < 6; i++) {
      g.push(cpu(() => generateDataset({ kind: '${kind}', rows: ${ROWS}, seed: 1 })))
      f.push(cpu(() => floorFill('${kind}', ${ROWS})))
    }
    console.log(JSON.stringify({ generator: median(g.slice(1)), floor: median(f.slice(1)) }))`)
  return `${kind.padEnd(18)} generator ${generator.toFixed(0).padStart(5)} ms  floor ${floor.toFixed(0).padStart(5)} ms  ratio ${(generator / floor).toFixed(2)}× (goal ≤ 5×)`
}

afterAll(() => {
  const out = [
    `CPU time for ${ROWS.toLocaleString('en')} rows (median of 5 after a warm-up, fresh process; shared, noisy machine):`,
    ...KINDS.map(cpu),
    `Peak memory while generating ${ROWS.toLocaleString('en')} rows (fresh process each):`,
    ...KINDS.map(memory),
  ]
  console.log(`\n${out.join('\n  ')}\n`)
}, 600_000)
