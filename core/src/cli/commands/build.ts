import { defineCommand } from 'citty'
import { buildScenario } from '../../build/build-scenario.js'
import { workerEntry } from '../../runner/run-scenario.js'
import { WorkerPool } from '../../sandbox/pool.js'
import { builtinScenarioDirs } from '../resolve-scenario.js'

export default defineCommand({
  meta: { name: 'build', description: 'Bundle scenarios into dist/bundle.js and dist/manifest.json' },
  args: {
    dir: { type: 'positional', description: 'Scenario directories (default: .)', required: false },
    builtin: { type: 'boolean', description: "Build every built-in scenario in the repository's scenarios/ folder" },
    quiet: { type: 'boolean', description: 'Print nothing on success' },
  },
  async run({ args }) {
    const dirs = args.builtin ? builtinScenarioDirs() : args._.length > 0 ? args._ : ['.']
    const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
    try {
      for (const dir of dirs) {
        const manifest = await buildScenario(dir, pool)
        if (!args.quiet) process.stdout.write(`built ${manifest.id}@${manifest.version}  ${dir}/dist/bundle.js  sha256:${manifest.bundle.sha256.slice(0, 16)}…\n`)
      }
    } finally {
      await pool.close()
    }
  },
})
