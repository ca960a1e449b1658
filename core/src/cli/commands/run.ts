import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { defineCommand } from 'citty'
import { buildScenario } from '../../build/build-scenario.js'
import { staleBuildReason } from '../../build/stale.js'
import { BundError } from '../../kernel/index.js'
import { readSignatureFile, reportSignature } from '../../manifest/signature.js'
import { parseDisabledRules } from '../../compliance/disable.js'
import { loadRulePacks } from '../../compliance/rule-pack.js'
import { runScenario } from '../../runner/run-scenario.js'
import { workerEntry } from '../../runner/worker-protocol.js'
import { WorkerPool } from '../../sandbox/pool.js'
import { hasStore, openForWriting } from '../open-store.js'
import type { Store } from '../../store/store.js'
import { dataDir, dataDirArg, parseParams, parseRows, parseRuleFiles, parseSeed, repeatedOption } from '../options.js'
import { formatRunReport } from '../report.js'
import { looksLikeId, resolveScenario } from '../resolve-scenario.js'

export const EXIT = { published: 0, held: 1, failed: 2 } as const

/** Which build a directory run used: `dist/bundle.js, built 12:03:04` (or `rebuilt now`). */
function buildLabel(dir: string, rebuilt: boolean): string | undefined {
  const bundle = join(dir, 'dist', 'bundle.js')
  if (!existsSync(bundle)) return undefined
  return `dist/bundle.js, ${rebuilt ? 'rebuilt now' : `built ${statSync(bundle).mtime.toISOString().replace('T', ' ').slice(0, 19)} UTC`}`
}

export default defineCommand({
  meta: { name: 'run' },
  args: {
    scenario: { type: 'positional', description: 'Scenario directory, or id org/name[@version]', required: true },
    seed: { type: 'string', description: 'Seed for the synthetic data and the scenario (default 1)', valueHint: 'N' },
    rows: { type: 'string', description: 'Rows in each evaluation dataset (default: the manifest)', valueHint: 'N' },
    params: { type: 'string', description: 'Run parameters as a JSON object', valueHint: 'json' },
    rules: { type: 'string', description: 'Extra rule pack files, comma-separated', valueHint: 'file' },
    disable: { type: 'string', description: 'Disable a rule for this run, with a reason (recorded); repeatable', valueHint: 'RULE_ID=reason' },
    json: { type: 'boolean', description: 'Print one JSON object instead of the report' },
    build: { type: 'boolean', default: true, description: 'Rebuild a scenario directory whose src/ changed after dist/ was built (--no-build refuses to run it instead)' },
    ...dataDirArg,
  },
  async run({ args, rawArgs }) {
    // Everything the user typed is checked before anything is opened or written.
    const seed = parseSeed(args.seed)
    const rows = parseRows(args.rows)
    const params = parseParams(args.params)
    const rulePacks = loadRulePacks(parseRuleFiles(args.rules))
    const disabledRules = parseDisabledRules(repeatedOption(rawArgs, 'disable'), rulePacks)
    const dir = dataDir(args['data-dir'])
    const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
    let store: Store | undefined
    try {
      // A scenario directory whose sources changed since its build is rebuilt (or refused), never run stale.
      const stale = existsSync(args.scenario) ? staleBuildReason(args.scenario) : undefined
      if (stale !== undefined && !args.build) throw new BundError('BUILD_STALE', `${args.scenario}: ${stale}; run: bund build ${args.scenario}`)
      if (stale !== undefined) {
        process.stderr.write(`bund: ${stale}; rebuilding ${args.scenario}\n`)
        await buildScenario(args.scenario, pool)
      }
      // A server holding the directory answers STORE_LOCKED here, before the registry is searched.
      if (looksLikeId(args.scenario) && hasStore(dir)) store = await openForWriting(dir)
      const scenario = await resolveScenario(args.scenario, store)
      store ??= await openForWriting(dir)
      const build = existsSync(args.scenario) ? buildLabel(args.scenario, stale !== undefined) : undefined
      const progress = process.stderr.isTTY && !args.json
      const report = await runScenario(store, pool, {
        scenario,
        seed,
        rows: rows ?? null,
        params,
        rulePacks,
        disabledRules,
        ...(progress ? { onProgress: (f: number, m: string) => process.stderr.write(`\r  ${(f * 100).toFixed(0).padStart(3)}% ${m}`.padEnd(60)) } : {}),
      })
      if (progress) process.stderr.write('\r'.padEnd(61) + '\r')
      // A local build: say whether its bundle.sig would pass the upload gate of this store.
      const signature = existsSync(args.scenario) ? await reportSignature(store, scenario.manifest, scenario.bundle, readSignatureFile(scenario.source)) : undefined
      const signatureLine = signature === undefined ? '' : `\n  signature    ${signature.status}: ${signature.message}`
      process.stdout.write(args.json ? `${JSON.stringify({ ...report, ...(build === undefined ? {} : { build }), ...(signature === undefined ? {} : { signature }) })}\n` : `${formatRunReport(report, build === undefined ? {} : { build })}${signatureLine}\n`)
      process.exitCode = EXIT[report.status]
    } finally {
      await pool.close()
      await store?.close()
    }
  },
})
