import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineCommand } from 'citty'
import { readSignatureFile, reportSignature } from '../../manifest/signature.js'
import { parseDisabledRules } from '../../compliance/disable.js'
import { loadRulePacks } from '../../compliance/rule-pack.js'
import { runScenario, workerEntry } from '../../runner/run-scenario.js'
import { WorkerPool } from '../../sandbox/pool.js'
import { openStore } from '../../store/index.js'
import type { Store } from '../../store/store.js'
import { dataDir, dataDirArg, parseParams, parseRows, parseRuleFiles, parseSeed, repeatedOption } from '../options.js'
import { formatRunReport } from '../report.js'
import { looksLikeId, resolveScenario } from '../resolve-scenario.js'

export const EXIT = { published: 0, held: 1, failed: 2 } as const

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
    let store: Store | undefined
    if (looksLikeId(args.scenario) && existsSync(join(dir, 'db.json'))) store = await openStore(dir)
    const scenario = resolveScenario(args.scenario, store)
    store ??= await openStore(dir)
    const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
    const progress = process.stderr.isTTY && !args.json
    try {
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
      const signature = existsSync(args.scenario) ? reportSignature(store, scenario.manifest, scenario.bundle, readSignatureFile(scenario.source)) : undefined
      const signatureLine = signature === undefined ? '' : `\n  signature    ${signature.status}: ${signature.message}`
      process.stdout.write(args.json ? `${JSON.stringify(signature === undefined ? report : { ...report, signature })}\n` : `${formatRunReport(report)}${signatureLine}\n`)
      process.exitCode = EXIT[report.status]
    } finally {
      await pool.close()
      await store.close()
    }
  },
})
