/**
 * `bund build`: bundles a scenario's TypeScript into one script with esbuild, reads its definition
 * by evaluating it in the sandbox, and writes dist/bundle.js and dist/manifest.json.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, resolve } from 'node:path'
import { SCENARIO_GLOBAL } from '@bund/sdk/runtime'
import { type Plugin, build } from 'esbuild'
import { BundError } from '../errors.js'
import { sha256 } from '../hash.js'
import { formatIssues } from '../manifest/load.js'
import { type Manifest, definitionSchema, manifestSchema } from '../manifest/schema.js'
import type { WorkerPool } from '../sandbox/pool.js'
import { writeFileAtomic } from '../store/atomic-write.js'

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

/** Refuses Node built-ins by name: nothing of Node exists inside the sandbox. */
const refuseNodeBuiltins: Plugin = {
  name: 'bund-refuse-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (BUILTINS.has(args.path) || args.path.startsWith('node:')) {
        return { errors: [{ text: `imports the Node built-in "${args.path}", which does not exist inside the Bund sandbox (no I/O, no network)` }] }
      }
      return undefined
    })
  },
}

/** The SDK version range recorded in manifests. */
function sdkRange(): string {
  const pkg = JSON.parse(readFileSync(new URL(import.meta.resolve('@bund/sdk/package.json')), 'utf8')) as { version: string }
  return `^${pkg.version}`
}

/** Bundles the scenario in `dir` (entry src/index.ts) into one IIFE script. */
export async function bundleScenario(dir: string): Promise<string> {
  const entry = ['src/index.ts', 'src/index.js', 'index.ts'].map((f) => join(dir, f)).find((f) => existsSync(f))
  if (entry === undefined) throw new BundError('SCENARIO_NOT_FOUND', `${dir}: no src/index.ts to build`)
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: SCENARIO_GLOBAL,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [refuseNodeBuiltins],
    })
    const code = result.outputFiles[0]?.text
    if (code === undefined) throw new BundError('BUILD_FAILED', `${dir}: esbuild produced no output`)
    return code
  } catch (e) {
    if (e instanceof BundError) throw e
    const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors
    const text = errors?.map((x) => `${x.location ? `${x.location.file}:${x.location.line}: ` : ''}${x.text}`).join('; ') ?? String(e)
    throw new BundError('BUILD_FAILED', `${dir}: ${text}`)
  }
}

/** Builds a scenario directory; returns its manifest. */
export async function buildScenario(dirArg: string, pool: WorkerPool): Promise<Manifest> {
  const dir = resolve(dirArg)
  if (!existsSync(dir)) throw new BundError('SCENARIO_NOT_FOUND', `${dirArg}: no such directory`)
  const bundle = await bundleScenario(dir)
  const described = await pool.run<unknown>({ type: 'describe', bundle }, { deadlineMs: 30_000 })
  const definition = definitionSchema.safeParse(described)
  if (!definition.success) throw new BundError('MANIFEST_INVALID', `${dirArg}: the scenario definition is invalid: ${formatIssues(definition.error)}`)
  const def = definition.data
  const manifest = manifestSchema.parse({
    manifestVersion: 1,
    ...def,
    author: def.author ?? def.id.split('/')[0],
    sdk: sdkRange(),
    bundle: { file: 'bundle.js', sha256: sha256(bundle) },
  })
  const dist = join(dir, 'dist')
  mkdirSync(dist, { recursive: true })
  writeFileAtomic(join(dist, 'bundle.js'), bundle)
  writeFileAtomic(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}
