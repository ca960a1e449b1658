/**
 * `bund dev`'s loop on the credit template (`bund new --kind credit`, 5,000 rows): the time from
 * saving a one-line change of src/index.ts to the printed report (goal: p50 ≤ 1.5 s). Baseline in
 * the same run: the same build and run from a cold process (`bund dev --once`), what an author
 * waited for before a watching loop. Prints p50, p90 and the ratio to the baseline's median.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { afterAll, bench, describe } from 'vitest'
import { BUND, ROOT, bund, tempDir } from '../helpers/cli.js'

const dir = join(tempDir('bund-dev-bench-'), 'credit')
let ready: Promise<void> | undefined
let dev: ChildProcess | undefined
let out = ''
let edits = 0
const warm: number[] = []
const cold: number[] = []

/** Resolves when `pattern` has appeared `times` times in the dev output. */
async function waitFor(pattern: RegExp, times: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const g = new RegExp(pattern.source, 'g')
  while ((out.match(g)?.length ?? 0) < times) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${out.slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

function start(): Promise<void> {
  ready ??= (async () => {
    await bund(['new', 'acme/credit', '--kind', 'credit', '--dir', dir])
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
    dev = spawn(process.execPath, [BUND, 'dev', dir], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    dev.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    await waitFor(/watching src\/ for changes/, 1)
  })()
  return ready
}

const index = () => join(dir, 'src', 'index.ts')
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!

afterAll(() => {
  dev?.kill('SIGINT')
  if (warm.length === 0 || cold.length === 0) return
  const p50 = median(warm)
  console.log(`\nbund dev, credit template, save → report: p50 ${p50.toFixed(0)} ms, p90 ${pct(warm, 0.9).toFixed(0)} ms (n=${warm.length}); ` +
    `baseline bund dev --once (cold process) median ${median(cold).toFixed(0)} ms (n=${cold.length}); ratio ${(p50 / median(cold)).toFixed(3)}; ` +
    `goal p50 ≤ 1500 ms: ${p50 <= 1500 ? 'met' : 'missed'}; load average ${loadavg()[0]!.toFixed(2)}`)
})

describe('bund dev loop', () => {
  bench('save a one-line change → report printed (warm bund dev)', async () => {
    await start()
    const source = readFileSync(index(), 'utf8')
    edits++
    const t0 = performance.now()
    // One line changes: the log message names the edit.
    writeFileSync(index(), source.replace(/ctx\.log\.info\(`(edit \d+: )?approved/, `ctx.log.info(\`edit ${edits}: approved`))
    await waitFor(new RegExp(`edit ${edits}: approved`), 1)
    await waitFor(/watching src\/ for changes/, edits + 1)
    warm.push(performance.now() - t0)
  }, { iterations: 15, time: 0, warmupIterations: 0 })

  bench('baseline: bund dev --once from a cold process', async () => {
    await start()
    const t0 = performance.now()
    await bund(['dev', dir, '--once'])
    cold.push(performance.now() - t0)
  }, { iterations: 3, time: 0, warmupIterations: 0 })
})
