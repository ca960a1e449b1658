// Runs scenarios as `bund run` does (blind, under the test suite's evaluation secret) on seeds 1…N
// and prints, per scenario, how many were published and which rule held each held seed — the
// figures the scenario READMEs state: `node --no-node-snapshot test/bench/seed-sweep.mjs [--seeds N] [dir…]`
// (default: the six built-ins, 20 seeds). Needs a build (npm run build). One run at a time: a few minutes.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = resolve(import.meta.dirname, '..', '..')
const { values, positionals } = parseArgs({ options: { seeds: { type: 'string', default: '20' } }, allowPositionals: true })
const seeds = Number(values.seeds)
const dirs = positionals.length > 0 ? positionals.map((d) => resolve(d)) : readdirSync(join(ROOT, 'scenarios'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(ROOT, 'scenarios', e.name))
// The secret test/vitest.config.ts gives every test: the READMEs' figures are measured under it.
const env = { ...process.env, BUND_EVALUATION_SECRET: 'b0d0000000000000000000000000000000000000000000000000000000000001' }

for (const dir of dirs) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bund-sweep-'))
  const held = []
  let published = 0
  const started = Date.now()
  for (let seed = 1; seed <= seeds; seed++) {
    const r = spawnSync(process.execPath, ['--no-node-snapshot', join(ROOT, 'core', 'bin', 'bund.js'), 'run', dir, '--seed', String(seed), '--json', '--data-dir', dataDir], { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    let report
    try {
      report = JSON.parse(r.stdout)
    } catch {
      held.push(`${seed}: no report (exit ${r.status}) ${r.stderr.trim().split('\n').at(-1) ?? ''}`)
      continue
    }
    if (report.status === 'published') {
      published++
      continue
    }
    const failed = (report.verdicts ?? []).filter((v) => v.status === 'fail' && v.severity !== 'warn')
    held.push(`${seed}: ${report.status}${report.error ? ` ${report.error.code}` : ''} ${failed.map((v) => `${v.rule} (figure ${v.figure}, threshold ${v.threshold})`).join(', ')}`)
  }
  rmSync(dataDir, { recursive: true, force: true })
  console.log(`${relative(ROOT, dir)}: ${published}/${seeds} published (${((Date.now() - started) / 1000).toFixed(0)} s)`)
  for (const h of held) console.log(`  held ${h}`)
}
