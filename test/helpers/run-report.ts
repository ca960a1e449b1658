/** Runs `bund run … --json` as a user would and reads its report and published output. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect } from 'vitest'
import { ROOT, bund, tempDir } from './cli.js'

/** The directory of a built-in scenario, built with `bund build` before the file's tests run. */
export function builtScenario(name: string): string {
  const dir = join(ROOT, 'scenarios', name)
  beforeAll(async () => {
    const built = await bund(['build', dir, '--quiet'])
    expect(built.code, built.stderr).toBe(0)
  })
  return dir
}

export interface RunVerdict {
  rule: string
  status: 'pass' | 'warn' | 'fail'
  severity: 'block' | 'warn'
  figure: number | null
  threshold: number | null
  message: string
  evidence?: Record<string, unknown>
}

export interface RunReport {
  status: 'published' | 'held' | 'failed'
  runId: string
  publicationId?: string
  scenario: string
  seed: number
  outputHash: string | null
  verdicts: RunVerdict[]
  resources: { wallMs: number; cpuMs: number; heapPeakBytes: number }
  logs?: Array<{ level: string; message: string }>
  error?: { code: string; message: string }
}

export interface RunResult {
  code: number
  report: RunReport
  stderr: string
  dataDir: string
}

/** `bund run <target> --json` in a fresh data dir (or the one given). */
export async function runReport(target: string, args: string[] = [], dataDir = tempDir()): Promise<RunResult> {
  const r = await bund(['run', target, ...args, '--json', '--data-dir', dataDir], { timeoutMs: 120_000 })
  let report: RunReport
  try {
    report = JSON.parse(r.stdout) as RunReport
  } catch {
    throw new Error(`bund run printed no JSON report (exit ${r.code}): ${r.stderr || r.stdout}`)
  }
  return { code: r.code, report, stderr: r.stderr, dataDir }
}

/** The verdict of one rule; throws when the run has none. */
export function verdict(report: RunReport, rule: string): RunVerdict {
  const v = report.verdicts.find((x) => x.rule === rule)
  if (v === undefined) throw new Error(`no verdict for ${rule}; verdicts: ${report.verdicts.map((x) => x.rule).join(', ')}`)
  return v
}

/** The published output's plain-JSON members (aggregates, model card), read from the store's artifact. */
export function publishedOutput(run: RunResult): Record<string, unknown> {
  const hash = run.report.outputHash
  if (hash === null) throw new Error('the run stored no output')
  return JSON.parse(readFileSync(join(run.dataDir, 'artifacts', hash.slice(0, 2), hash), 'utf8')) as Record<string, unknown>
}
