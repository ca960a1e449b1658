import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { defineCommand } from 'citty'
import { loadRulePacks } from '../../compliance/rule-pack.js'
import { loadScenarioDir } from '../../manifest/load.js'
import { runScenario } from '../../runner/run-scenario.js'
import { workerEntry } from '../../runner/worker-protocol.js'
import { WorkerPool } from '../../sandbox/pool.js'
import { openStore } from '../../store/index.js'
import { dataDir, dataDirArg, parseSeed } from '../options.js'
import { dim, formatRunLine } from '../report.js'
import { builtinScenarioDirs } from '../resolve-scenario.js'

export default defineCommand({
  meta: { name: 'demo' },
  args: {
    seed: { type: 'string', description: 'Seed for every run (default 1)', valueHint: 'N' },
    ...dataDirArg,
  },
  async run({ args }) {
    const seed = parseSeed(args.seed)
    const rulePacks = loadRulePacks()
    const dirs = builtinScenarioDirs().filter((d) => existsSync(join(d, 'dist', 'manifest.json')))
    const dir = dataDir(args['data-dir'])
    const store = await openStore(dir)
    const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
    const started = performance.now()
    let failed = 0
    try {
      process.stdout.write(`Bund demo: ${dirs.length} built-in scenario(s), seed ${seed}, store ${relative(process.cwd(), dir) || dir}\n\n`)
      for (const d of dirs) {
        const report = await runScenario(store, pool, { scenario: loadScenarioDir(d), seed, rulePacks })
        if (report.status !== 'published') failed++
        process.stdout.write(`${formatRunLine(report)}\n`)
        if (report.publicationId) process.stdout.write(`${dim(`           publication ${report.publicationId}`)}\n`)
      }
      const { total } = await store.listPublications({ limit: 0 })
      process.stdout.write(`\n${dirs.length - failed} published, ${failed} not published in ${((performance.now() - started) / 1000).toFixed(1)} s; ${total} publication(s) in the store.\n`)
      process.exitCode = failed === 0 ? 0 : 1
    } finally {
      await pool.close()
      await store.close()
    }
  },
})
