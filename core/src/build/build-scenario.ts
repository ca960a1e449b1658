/**
 * `bund build`: bundles a scenario's TypeScript into one script with esbuild, reads its definition
 * by evaluating it in the sandbox, and writes dist/bundle.js and dist/manifest.json.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, resolve } from 'node:path'
import { SCENARIO_GLOBAL } from '@bund/sdk/runtime'
import { type Plugin, build } from 'esbuild'
import { BundError, orgOf, sha256 } from '../kernel/index.js'
import { formatIssues } from '../manifest/load.js'
import { type Manifest, definitionSchema, manifestSchema } from '../model/index.js'
import { SOURCE_MAP_FILE, stampSourceMap } from '../manifest/source-map.js'
import { SIGNATURE_FILE, parseSignatureFile, signedStatement } from '../manifest/signature.js'
import type { DescribeJobs } from '../sandbox/describe-protocol.js'
import type { WorkerPool } from '../sandbox/pool.js'
import { writeFileAtomic } from '../store/atomic-write.js'
import { describeParams } from './params-docs.js'

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

/**
 * Packages whose whole purpose is talking to the network. Nothing inside the sandbox can reach
 * one, so importing them is refused by name rather than left to fail at run time.
 */
export const NETWORK_PACKAGES = new Set([
  'axios', 'node-fetch', 'cross-fetch', 'isomorphic-fetch', 'whatwg-fetch', 'undici', 'got', 'ky', 'superagent', 'request',
  'needle', 'phin', 'ws', 'isomorphic-ws', 'socket.io-client', 'engine.io-client', 'mqtt', 'graphql-request', '@grpc/grpc-js',
  'pg', 'mysql', 'mysql2', 'mongodb', 'redis', 'ioredis', 'nodemailer', 'ethers', 'web3',
])

/** The package name of a bare import (`@scope/name/sub` -> `@scope/name`), or undefined for a path. */
function packageName(path: string): string | undefined {
  if (path.startsWith('.') || path.startsWith('/')) return undefined
  const parts = path.split('/')
  return path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** `node_modules/foo/lib/x.js` -> `foo`: the package a file belongs to, for messages. */
function packageOf(file: string): string | undefined {
  const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*node_modules)/.exec(file)
  return match?.[1]?.replace('\\', '/')
}

/**
 * Refuses, by name, every import that cannot work inside the sandbox: Node built-ins (there is no
 * file system, network or process there), code loaded from a URL, and network client packages.
 * An import made by a dependency names the package that made it.
 */
const refuseSandboxEscapes: Plugin = {
  name: 'bund-refuse-sandbox-escapes',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const by = packageOf(args.importer)
      const via = by === undefined ? '' : `the package "${by}" `
      if (BUILTINS.has(args.path) || args.path.startsWith('node:')) {
        return {
          errors: [{ text: `${via}imports the Node built-in "${args.path}", which does not exist inside the Bund sandbox (no file system, no network, no processes); remove the import${by === undefined ? '' : ` or drop "${by}"`}` }],
        }
      }
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(args.path)) {
        return { errors: [{ text: `${via}imports "${args.path}" from a URL: a scenario cannot load code over the network; install the package and import it by name` }] }
      }
      const name = packageName(args.path)
      if (name !== undefined && NETWORK_PACKAGES.has(name)) {
        return { errors: [{ text: `${via}imports "${args.path}", a network client: the Bund sandbox has no network at run time; scenarios get their data from ctx.data` }] }
      }
      if (name === '@bund/core') {
        return { errors: [{ text: `${via}imports "${args.path}", the host runtime: scenarios import only @bund/sdk (and pure libraries)` }] }
      }
      return undefined
    })
  },
}

/** esbuild's messages, each with the file and line it points at, one per distinct problem. */
function describeBuildErrors(dir: string, errors: Array<{ text: string; location?: { file: string; line: number } | null }>): string {
  const lines = errors.map((x) => {
    const hint = /^Could not resolve/.test(x.text) ? ` (is it installed? run npm install in ${dir})` : ''
    return `${x.location ? `${x.location.file}:${x.location.line}: ` : ''}${x.text}${hint}`
  })
  return [...new Set(lines)].join('; ')
}

/** The SDK version range recorded in manifests. */
function sdkRange(): string {
  const pkg = JSON.parse(readFileSync(new URL(import.meta.resolve('@bund/sdk/package.json')), 'utf8')) as { version: string }
  return `^${pkg.version}`
}

/** The scenario's entry file: src/index.ts (or .js, or index.ts at the top). */
function entryOf(dir: string): string {
  const candidates = ['src/index.ts', 'src/index.js', 'index.ts'].map((f) => join(dir, f))
  return candidates.find((f) => existsSync(f)) ?? (candidates[0] as string)
}

/** Bundles the scenario in `dirArg` (entry src/index.ts) into one IIFE script. */
export async function bundleScenario(dirArg: string): Promise<string> {
  return (await bundleWithSourceMap(dirArg)).code
}

/**
 * The bundle and its source map (sources relative to dist/). The bundle carries no
 * sourceMappingURL: the map stays on the host, beside it, and never enters the sandbox.
 */
async function bundleWithSourceMap(dirArg: string): Promise<{ code: string; map: string }> {
  const dir = resolve(dirArg)
  const entry = entryOf(dir)
  if (!existsSync(entry)) throw new BundError('SCENARIO_NOT_FOUND', `${dirArg}: no src/index.ts to build`)
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
      // Paths in messages read relative to the scenario: src/index.ts:3.
      absWorkingDir: dir,
      outfile: join(dir, 'dist', 'bundle.js'),
      sourcemap: 'external',
      sourcesContent: false,
      plugins: [refuseSandboxEscapes],
    })
    const code = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text
    if (code === undefined || map === undefined) throw new BundError('BUILD_FAILED', `${dirArg}: esbuild produced no output`)
    return { code, map }
  } catch (e) {
    if (e instanceof BundError) throw e
    const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors
    const text = errors === undefined ? String(e) : describeBuildErrors(dirArg, errors)
    throw new BundError('BUILD_FAILED', `${dirArg}: ${text}`, errors === undefined ? undefined : { errors: errors.map((x) => x.text) })
  }
}

/** Builds a scenario directory; returns its manifest. */
export async function buildScenario(dirArg: string, pool: WorkerPool<DescribeJobs>): Promise<Manifest> {
  const dir = resolve(dirArg)
  if (!existsSync(dir)) throw new BundError('SCENARIO_NOT_FOUND', `${dirArg}: no such directory`)
  const { code: bundle, map } = await bundleWithSourceMap(dirArg)
  const described = await pool.run({ type: 'describe', bundle }, { deadlineMs: 30_000 })
  const definition = definitionSchema.safeParse(described)
  if (!definition.success) throw new BundError('MANIFEST_INVALID', `${dirArg}: the scenario definition is invalid: ${formatIssues(definition.error)}`)
  const def = definition.data
  const paramsSchema = describeParams(def.paramsSchema, readFileSync(entryOf(dir), 'utf8'))
  const manifest = manifestSchema.parse({
    manifestVersion: 1,
    ...def,
    ...(paramsSchema === undefined ? {} : { paramsSchema }),
    author: def.author ?? orgOf(def.id),
    sdk: sdkRange(),
    bundle: { file: 'bundle.js', sha256: sha256(bundle) },
  })
  const dist = join(dir, 'dist')
  mkdirSync(dist, { recursive: true })
  writeFileAtomic(join(dist, 'bundle.js'), bundle)
  writeFileAtomic(join(dist, SOURCE_MAP_FILE), stampSourceMap(map, manifest.bundle.sha256))
  writeFileAtomic(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  removeStaleSignature(dist, manifest, bundle)
  return manifest
}

/** A signature over a previous build would be refused at upload: remove it, so `bund sign` is run again. */
function removeStaleSignature(dist: string, manifest: Manifest, bundle: string): void {
  const file = join(dist, SIGNATURE_FILE)
  if (!existsSync(file)) return
  const statement = signedStatement(manifest, bundle)
  try {
    const sig = parseSignatureFile(readFileSync(file, 'utf8'))
    if (sig.bundleSha256 === statement.bundleSha256 && sig.manifestSha256 === statement.manifestSha256) return
  } catch {
    // A malformed signature file is as stale as an outdated one.
  }
  rmSync(file, { force: true })
}
