import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { staleBuildReason } from '../../build/stale.js'
import { BundError } from '../../kernel/index.js'
import { loadScenarioDir } from '../../manifest/load.js'
import { SIGNATURE_FILE, signScenario } from '../../manifest/signature.js'
import { writeFileAtomic } from '../../store/atomic-write.js'

export default defineCommand({
  meta: { name: 'sign' },
  args: {
    dir: { type: 'positional', description: 'Scenario directory (default: .)', required: false },
    key: { type: 'string', description: 'The private key file written by bund keygen', valueHint: 'file', required: true },
  },
  run({ args }) {
    const dirArg = args.dir ?? '.'
    const keyPath = resolve(args.key)
    if (!existsSync(keyPath)) throw new BundError('USAGE', `--key ${args.key}: no such file`)
    // The manifest and bundle are loaded as an upload would: a tampered bundle is refused here.
    const scenario = loadScenarioDir(dirArg)
    // Signing vouches for the code: never for a bundle built from other sources than src/ holds now.
    const stale = staleBuildReason(dirArg)
    if (stale !== undefined) throw new BundError('BUILD_STALE', `${dirArg}: ${stale}; run: bund build ${dirArg} && bund sign ${dirArg} --key ${args.key}`)
    const signature = signScenario(scenario.manifest, scenario.bundle, readFileSync(keyPath, 'utf8'), args.key)
    const out = join(resolve(dirArg), 'dist', SIGNATURE_FILE)
    writeFileAtomic(out, `${JSON.stringify(signature, null, 2)}\n`)
    process.stdout.write(`signed ${signature.id}@${signature.version}  ${out}  key ${signature.keyId.slice(0, 16)}…\n`)
  },
})
