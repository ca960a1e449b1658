import { type FSWatcher, existsSync, mkdtempSync, rmSync, watch } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { buildScenario } from '../../build/build-scenario.js'
import { THIN_PATTERN_ROWS, type ThinPattern, thinPlantedPatterns } from '../../build/planted-patterns.js'
import { runLocal } from '../../build/run-local.js'
import { loadScenarioDir } from '../../manifest/load.js'
import type { Manifest } from '../../model/index.js'
import { codeFrame } from '../../manifest/source-map.js'
import { loadRulePacks } from '../../compliance/rule-pack.js'
import { BundError } from '../../kernel/index.js'
import { workerEntry } from '../../runner/worker-protocol.js'
import { WorkerPool } from '../../sandbox/pool.js'
import { parseParams, parseRows, parseRuleFiles, parseSeed } from '../options.js'
import { dim, formatRunReport, red, yellow } from '../report.js'

const fmt = (n: number) => n.toLocaleString('en-US')

/**
 * Warnings for planted patterns left with fewer than THIN_PATTERN_ROWS rows at this size, computed
 * once per (datasets, seed, rows): the data does not change between saves.
 */
function thinPatternWarnings(cache: Map<string, string[]>, manifest: Manifest, seed: number, rows: number | null): string[] {
  const key = JSON.stringify([manifest.datasets, seed, rows])
  let warnings = cache.get(key)
  if (warnings === undefined) {
    const byDataset = new Map<string, ThinPattern[]>()
    for (const t of thinPlantedPatterns(manifest, seed, rows)) byDataset.set(t.dataset, [...(byDataset.get(t.dataset) ?? []), t])
    warnings = [...byDataset].map(([dataset, thin]) =>
      `${dataset}: planted patterns with fewer than ${THIN_PATTERN_ROWS} rows at this size, too few to grade: ${thin.map((t) => `${t.pattern} ${t.rows}`).join(', ')} (more rows: --rows N)`)
    cache.set(key, warnings)
  }
  return warnings
}

/** Quiet time after the last change before rebuilding: editors save in bursts. */
const DEBOUNCE_MS = 150
/** `bund dev` runs on the sizes the scenario asks for, but on no more rows than this unless told. */
const DEV_MAX_ROWS = 5_000

export default defineCommand({
  meta: { name: 'dev' },
  args: {
    dir: { type: 'positional', description: 'Scenario directory (default: .)', required: false },
    seed: { type: 'string', description: 'Seed (default 1)', valueHint: 'N' },
    rows: { type: 'string', description: `Rows in each evaluation dataset (default: the scenario's own sizes, at most ${DEV_MAX_ROWS.toLocaleString('en-US')})`, valueHint: 'N' },
    params: { type: 'string', description: 'Run parameters as a JSON object', valueHint: 'json' },
    rules: { type: 'string', description: 'Extra rule pack files, comma-separated', valueHint: 'file' },
    once: { type: 'boolean', description: 'Build and run once, then exit (exit code as bund run)' },
  },
  async run({ args }) {
    const seed = parseSeed(args.seed)
    const rows = parseRows(args.rows)
    const params = parseParams(args.params)
    const rulePacks = loadRulePacks(parseRuleFiles(args.rules))
    const dirArg = args.dir ?? '.'
    const dir = resolve(dirArg)
    const src = join(dir, 'src')
    if (!existsSync(src)) throw new BundError('SCENARIO_NOT_FOUND', `${dirArg}: no src/ folder to watch; is this a scenario project (bund new)?`)

    const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
    // One throwaway store for the whole session (opened per cycle, not created, keyed and removed
    // per cycle): its runs and publications are temporary and gone when dev stops.
    const store = mkdtempSync(join(tmpdir(), 'bund-dev-'))
    const removeStore = () => rmSync(store, { recursive: true, force: true })
    let status = 2
    const thinWarnings = new Map<string, string[]>()
    const cycle = async (why: string) => {
      const time = new Date().toLocaleTimeString('en-GB')
      let headed = false
      try {
        await buildScenario(dir, pool)
        const scenario = loadScenarioDir(dir)
        const largest = Math.max(0, ...Object.values(scenario.manifest.datasets).map((d) => d.rows))
        const runRows = rows ?? (largest > DEV_MAX_ROWS ? DEV_MAX_ROWS : null)
        const size = runRows === null ? `${fmt(largest)} rows` : rows !== undefined ? `${fmt(rows)} rows (--rows)` : `${fmt(runRows)} of ${fmt(largest)} rows (capped; --rows N to change)`
        process.stdout.write(`${dim(`── ${time} ${why}, seed ${seed}, ${size} ──`)}\n`)
        headed = true
        for (const warning of thinPatternWarnings(thinWarnings, scenario.manifest, seed, runRows)) process.stdout.write(`${yellow(`warning: ${warning}`)}\n`)
        // Drawn from the seed alone, as runLocal's own temporary store is: the session's store (and
        // its secret) is new each time, so blind data would change between sessions and differ
        // from what the thin-pattern warning above counted.
        const report = await runLocal(scenario, { seed, rows: runRows, params, rulePacks, pool, dataDir: store, evaluation: 'public' })
        const frame = report.error?.frames === undefined ? undefined : codeFrame(report.error.frames, dir)
        process.stdout.write(`${formatRunReport(report, { temporary: true, build: 'built from src/ just now', ...(frame === undefined ? {} : { codeFrame: frame }) })}\n`)
        status = { published: 0, held: 1, failed: 2 }[report.status]
      } catch (e) {
        // A build or params error is shown and the watch goes on: the next save may fix it.
        const line = e instanceof BundError ? `${e.code}: ${e.message}` : `INTERNAL: ${e instanceof Error ? e.message : String(e)}`
        process.stdout.write(`${headed ? '' : `${dim(`── ${time} ${why} ──`)}\n`}${red(`bund: ${line}`)}\n`)
        status = 2
      }
    }

    if (args.once) {
      try {
        await cycle('build and run')
      } finally {
        await pool.close()
        removeStore()
      }
      process.exitCode = status
      return
    }

    // One cycle at a time: changes during a cycle queue exactly one more.
    let running: Promise<void> | undefined
    let pending: string | undefined
    let timer: NodeJS.Timeout | undefined
    let stopped = false
    const trigger = (why: string) => {
      if (stopped) return
      pending = why
      if (running !== undefined) return
      running = (async () => {
        while (pending !== undefined) {
          const next = pending
          pending = undefined
          await cycle(next)
        }
        running = undefined
        process.stdout.write(`${dim('watching src/ for changes (Ctrl-C to stop)')}\n`)
      })()
    }

    let watcher: FSWatcher
    try {
      watcher = watch(src, { recursive: true }, (_event, file) => {
        clearTimeout(timer)
        timer = setTimeout(() => trigger(`rebuilt after a change to src/${file ?? ''}`), DEBOUNCE_MS)
      })
    } catch (e) {
      await pool.close()
      removeStore()
      throw new BundError('USAGE', `cannot watch ${src}: ${(e as Error).message}`)
    }

    await new Promise<void>((done) => {
      const stop = () => {
        // Removing the handlers means a second Ctrl-C ends the process at once.
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        stopped = true
        pending = undefined
        clearTimeout(timer)
        watcher.close()
        // Let a run in progress finish (its store is temporary), then stop the workers.
        void (running ?? Promise.resolve()).finally(async () => {
          await pool.close()
          removeStore()
          process.stdout.write('stopped\n')
          done()
        })
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      trigger('built')
    })
    process.exitCode = 0
  },
})
