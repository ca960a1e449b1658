import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineCommand } from 'citty'
import { describeWorkerEntry } from '../../sandbox/describe-protocol.js'
import { WorkerPool } from '../../sandbox/pool.js'

export default defineCommand({
  meta: { name: 'build' },
  args: {
    dir: { type: 'positional', description: 'Scenario directories (default: .)', required: false },
    builtin: { type: 'boolean', description: "Build every built-in scenario in the repository's scenarios/ folder" },
    quiet: { type: 'boolean', description: 'Print nothing on success' },
  },
  async run({ args }) {
    // The worker (it only reads definitions) starts first; esbuild and the schemas load meanwhile.
    const pool = new WorkerPool({ entry: describeWorkerEntry(), size: 1 }).start()
    try {
      const [{ buildScenario }, { SIGNATURE_FILE }, { builtinScenarioDirs }] = await Promise.all([
        import('../../build/build-scenario.js'),
        import('../../manifest/signature.js'),
        import('../resolve-scenario.js'),
      ])
      const dirs = args.builtin ? builtinScenarioDirs() : args._.length > 0 ? args._ : ['.']
      for (const dir of dirs) {
        const signature = join(dir, 'dist', SIGNATURE_FILE)
        const wasSigned = existsSync(signature)
        const manifest = await buildScenario(dir, pool)
        if (!args.quiet) process.stdout.write(`built ${manifest.id}@${manifest.version}  ${dir}/dist/bundle.js  sha256:${manifest.bundle.sha256.slice(0, 16)}…\n`)
        if (wasSigned && !existsSync(signature)) process.stdout.write(`  removed dist/${SIGNATURE_FILE}: it signed the previous build; sign again with bund sign --key <file>\n`)
      }
    } finally {
      await pool.close()
    }
  },
})
