/**
 * Data generation speed and memory (`npm run bench`, or
 * `npx vitest bench --run --config test/vitest.config.ts test/bench/data.bench.ts` after a build).
 *
 * Goals (issue 3): 1,000,000 credit applicants ≤ 1 s and 1,000,000 transactions with typologies
 * ≤ 2 s; at most 5× the floor — a plain loop filling the same typed arrays from the same PRNG, one
 * draw per cell — and a peak memory at most 2× the bytes of the columns. Timings are compared with
 * the floor measured in the same run, because the machine is shared and noisy; vitest prints the
 * ratio ("… times faster than …"). Peak memory is measured in a fresh process per kind and printed
 * after the benchmarks.
 */
import { spawnSync } from 'node:child_process'
import { createDraw, generateDataset, tableBytes } from '@bund/core'
import { DATASET_KINDS, type DatasetKind, type NumericArrays } from '@bund/sdk'
import { afterAll, bench, describe } from 'vitest'

const ROWS = 1_000_000
const CONSTRUCTORS = { f64: Float64Array, f32: Float32Array, i32: Int32Array, u32: Uint32Array, u16: Uint16Array, u8: Uint8Array, dict: Uint8Array } as const

/** The floor: the kind's typed arrays (columns and labels), each cell filled with one draw of the same PRNG. */
function floor(kind: DatasetKind): void {
  const meta = DATASET_KINDS[kind]
  const types = Object.values({ ...meta.columns, ...meta.labels }) as (keyof typeof CONSTRUCTORS)[]
  const columns = types.map((type) => new CONSTRUCTORS[type](ROWS)) as NumericArrays[keyof NumericArrays][]
  const draw = createDraw(1, 'floor')
  for (const column of columns) for (let i = 0; i < ROWS; i++) column[i] = draw.uniform() * 200
}

const options = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 }

describe('1,000,000 credit applicants (goal ≤ 1 s, ≤ 5× the floor)', () => {
  bench('generateDataset credit-applicants', () => void generateDataset({ kind: 'credit-applicants', rows: ROWS, seed: 1 }), options)
  bench('floor: plain loop filling the same typed arrays', () => floor('credit-applicants'), options)
})

describe('1,000,000 transactions with typologies (goal ≤ 2 s, ≤ 5× the floor)', () => {
  bench('generateDataset transactions', () => void generateDataset({ kind: 'transactions', rows: ROWS, seed: 1 }), options)
  bench('floor: plain loop filling the same typed arrays', () => floor('transactions'), options)
})

/** Peak RSS growth while generating, in a fresh process, against the bytes of the columns. */
function peakMemory(kind: DatasetKind): string {
  const code = `
    import { generateDataset, tableBytes } from '@bund/core'
    const before = process.memoryUsage().rss
    const d = generateDataset({ kind: '${kind}', rows: ${ROWS}, seed: 1 })
    const peak = process.resourceUsage().maxRSS * 1024
    console.log(JSON.stringify({ grown: peak - before, columns: tableBytes(d.training) + tableBytes(d.evaluation) }))`
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' })
  if (child.status !== 0) return `${kind}: measurement failed: ${child.stderr.trim().split('\n')[0]}`
  const { grown, columns } = JSON.parse(child.stdout) as { grown: number; columns: number }
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`
  return `${kind.padEnd(18)} columns ${mb(columns).padStart(9)}  peak RSS growth ${mb(grown).padStart(9)}  ratio ${(grown / columns).toFixed(2)}× (goal ≤ 2×)`
}

afterAll(() => {
  const lines = (['credit-applicants', 'transactions'] as const).map(peakMemory)
  console.log(`\nPeak memory while generating ${ROWS.toLocaleString('en')} rows (fresh process each; shared, noisy machine):\n  ${lines.join('\n  ')}\n`)
  void tableBytes
})
