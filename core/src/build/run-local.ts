/**
 * The author's local runner: build a scenario from its sources and run it exactly as the server
 * would (same worker sandbox, same data generators, same rule packs and gate), but against a
 * throwaway store, so a test or `bund dev` can see the compliance report without a server.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadRulePacks, type RulePack } from '../compliance/rule-pack.js'
import { type LoadedScenario, loadScenarioDir } from '../manifest/load.js'
import type { Manifest } from '../model/index.js'
import { type RunReport, runScenario } from '../runner/run-scenario.js'
import { type RunWorkerJobs, workerEntry } from '../runner/worker-protocol.js'
import { WorkerPool } from '../sandbox/pool.js'
import type { RunLimits } from '../sandbox/limits.js'
import { fromJsonValue } from '../kernel/index.js'
import { openStore } from '../store/index.js'
import { buildScenario } from './build-scenario.js'

export interface LocalRunOptions {
  /** Seed of the synthetic data and of `ctx.random` (default 1). */
  seed?: number
  /** Rows in each evaluation dataset (default: the sizes the manifest asks for). */
  rows?: number | null
  /** When `rows` is not given: run on at most this many rows when the manifest asks for more. */
  maxRows?: number
  /** Run parameters, validated by the scenario's own params schema. */
  params?: unknown
  /** Extra rule pack files, loaded after the built-in packs. */
  rules?: readonly string[]
  /** Rule packs to use instead of loading them (for callers that run many times). */
  rulePacks?: RulePack[]
  /** Limits below the scenario's own, e.g. a shorter wall time in a test. */
  limits?: Partial<RunLimits>
  /**
   * Build from src/ before running (writes dist/). Default: true when the directory has sources,
   * so a test always runs the code as it is now.
   */
  build?: boolean
  /** A worker pool to reuse; by default one is started and stopped for this run. */
  pool?: WorkerPool<RunWorkerJobs>
  /** Keep the run in the store in this directory; by default a temporary store, removed afterwards. */
  dataDir?: string
  /**
   * Where the data comes from: `public` draws it from the seed alone (the same figures every time),
   * `blind` from the store's secret as a server does. Default: public for a temporary store, blind
   * for a kept one (`dataDir`). A throwaway store kept across runs (`bund dev`) passes public.
   */
  evaluation?: 'public' | 'blind'
  onProgress?: (fraction: number, message: string) => void
}

/** A local run's report, with the manifest it ran and its output decoded (ArrayBuffers restored). */
export interface LocalRun extends RunReport {
  manifest: Manifest
  /** The scenario's output as the host validated it, or undefined when the run produced none. */
  output: unknown
}

/** Where a scenario directory keeps its sources. */
function hasSources(dir: string): boolean {
  return ['src/index.ts', 'src/index.js', 'index.ts'].some((f) => existsSync(join(dir, f)))
}

/**
 * Runs a scenario locally: `target` is a scenario directory (built first when it has sources)
 * or an already loaded scenario. Returns the run report (status published / held / failed, the
 * verdicts with their figures) and the decoded output. Bad input throws a BundError.
 */
export async function runLocal(target: string | LoadedScenario, options: LocalRunOptions = {}): Promise<LocalRun> {
  const rulePacks = options.rulePacks ?? loadRulePacks(options.rules ?? [])
  const pool = options.pool ?? new WorkerPool({ entry: workerEntry(), size: 1 })
  const tempDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'bund-local-')) : undefined
  try {
    let scenario: LoadedScenario
    if (typeof target === 'string') {
      const dir = resolve(target)
      if (options.build ?? hasSources(dir)) await buildScenario(target, pool)
      scenario = loadScenarioDir(dir)
    } else {
      scenario = target
    }
    const largest = Math.max(0, ...Object.values(scenario.manifest.datasets).map((d) => d.rows))
    const rows = options.rows ?? (options.maxRows !== undefined && largest > options.maxRows ? options.maxRows : null)
    const store = await openStore(options.dataDir ?? (tempDir as string))
    try {
      const report = await runScenario(store, pool, {
        scenario,
        seed: options.seed ?? 1,
        rows,
        params: options.params ?? {},
        rulePacks,
        // A throwaway store's secret would change the data on every call: a local run is drawn
        // from the seed alone, so the author sees the same figures each time. Kept stores are blind.
        evaluation: options.evaluation ?? (options.dataDir === undefined ? 'public' : 'blind'),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      })
      const output = report.outputHash === null ? undefined : fromJsonValue(JSON.parse(store.artifacts.get(report.outputHash).toString('utf8')))
      return { ...report, manifest: scenario.manifest, output }
    } finally {
      await store.close()
    }
  } finally {
    if (options.pool === undefined) await pool.close()
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true })
  }
}
