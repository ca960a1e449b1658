/**
 * CLI startup (issue 20): `npx vitest bench --run --config test/vitest.config.ts test/bench/cli.bench.ts`
 * after a build. Goals, each against a baseline measured in the same run:
 * - `bund --help` ≤ 2 × `node -e 0`;
 * - `bund keygen` ≤ 2 × `node -e 0`;
 * - `bund build` of a scaffolded credit template ≤ 3 × esbuild alone on the same entry (a Node
 *   process that bundles src/index.ts with the options Bund uses; bund build also evaluates the
 *   definition in the sandbox to write the manifest).
 *
 * Every command is a new process, run ROUNDS times, interleaved (the order rotates each round) so
 * that the machine's load falls on all of them alike. Wall time is the goal's measure; CPU time
 * (user + system of the process and the children it waited for, from GNU time when installed) is
 * printed beside it, which other work on a shared machine disturbs less. Medians.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, bench, describe } from 'vitest'
import { BUND, ROOT, tempDir } from '../helpers/cli.js'

const ROUNDS = 9
const GNU_TIME = '/usr/bin/time'

const work = tempDir('bund-cli-bench-')
const template = join(work, 'credit')
const ESBUILD_ALONE = `
import { build } from 'esbuild'
await build({ entryPoints: ['src/index.ts'], bundle: true, write: false, format: 'iife', globalName: '__bundScenario', platform: 'neutral', mainFields: ['module', 'main'], target: 'es2022', legalComments: 'none', logLevel: 'silent', absWorkingDir: process.cwd() })
`

interface Case {
  name: string
  args: (round: number) => string[]
  cwd: string
}

const CASES: Case[] = [
  { name: 'node -e 0', args: () => ['-e', '0'], cwd: ROOT },
  { name: 'bund --help', args: () => [BUND, '--help'], cwd: ROOT },
  { name: 'bund keygen', args: (r) => [BUND, 'keygen', '--out', join(work, `keys-${r}`)], cwd: ROOT },
  { name: 'esbuild alone', args: () => [join(template, 'esbuild-alone.mjs')], cwd: template },
  { name: 'bund build', args: () => [BUND, 'build', '--quiet'], cwd: template },
]

const wall = new Map<string, number[]>(CASES.map((c) => [c.name, []]))
const cpu = new Map<string, number[]>(CASES.map((c) => [c.name, []]))
const loads: number[] = []

/** Runs one case once; wall ms, and CPU ms when GNU time is there. */
function measure(c: Case, round: number): void {
  const cpuFile = join(work, 'cpu.txt')
  const timed = existsSync(GNU_TIME)
  const [cmd, args] = timed ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...c.args(round)]] : [process.execPath, c.args(round)]
  const started = performance.now()
  const r = spawnSync(cmd, args, { cwd: c.cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  const ms = performance.now() - started
  if (r.status !== 0) throw new Error(`${c.name} failed (${r.status}): ${r.stderr}`)
  wall.get(c.name)!.push(ms)
  if (timed) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number)
    cpu.get(c.name)!.push(((user ?? 0) + (sys ?? 0)) * 1000)
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

beforeAll(() => {
  const made = spawnSync(process.execPath, [BUND, 'new', 'acme/bench-credit', '--kind', 'credit', '--dir', template], { encoding: 'utf8' })
  if (made.status !== 0) throw new Error(`bund new failed: ${made.stderr}`)
  symlinkSync(join(ROOT, 'node_modules'), join(template, 'node_modules'), 'dir')
  writeFileSync(join(template, 'esbuild-alone.mjs'), ESBUILD_ALONE)
  // One of each first, untimed: the file cache is warm for every case alike.
  for (const c of CASES) measure(c, -1)
  for (const c of CASES) {
    wall.get(c.name)!.length = 0
    cpu.get(c.name)!.length = 0
  }
}, 300_000)

afterAll(() => {
  const row = (name: string) => `${name.padEnd(14)} wall ${median(wall.get(name)!).toFixed(0).padStart(6)} ms   CPU ${median(cpu.get(name)!).toFixed(0).padStart(5)} ms`
  const ratio = (a: string, b: string, goal: number) => {
    const w = median(wall.get(a)!) / median(wall.get(b)!)
    const c = median(cpu.get(a)!) / median(cpu.get(b)!)
    return `${`${a} / ${b}`.padEnd(30)} wall ${w.toFixed(2)} ×  CPU ${Number.isNaN(c) ? 'n/a' : `${c.toFixed(2)} ×`}   [goal ≤ ${goal} × wall: ${w <= goal ? 'met' : 'MISSED'}]`
  }
  console.log(`\nCLI startup, medians of ${ROUNDS} interleaved rounds (Node ${process.version}; 1-minute load average during the runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, 2 cores)`)
  for (const c of CASES) console.log(`  ${row(c.name)}`)
  console.log(`  ${ratio('bund --help', 'node -e 0', 2)}`)
  console.log(`  ${ratio('bund keygen', 'node -e 0', 2)}`)
  console.log(`  ${ratio('bund build', 'esbuild alone', 3)}\n`)
  rmSync(work, { recursive: true, force: true })
})

describe('CLI startup (issue 20)', () => {
  bench(
    'every command, side by side',
    () => {
      for (let round = 0; round < ROUNDS; round++) {
        loads.push(loadavg()[0]!)
        for (let i = 0; i < CASES.length; i++) measure(CASES[(i + round) % CASES.length]!, round)
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0 },
  )
})
