/**
 * `bund new`: writes a standalone TypeScript scenario project from the template of one kind. The
 * project is assembled in a temporary folder beside the target and renamed into place, so a
 * failure never leaves half a project behind.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BundError, isScenarioId, nameOf, orgOf, SCENARIO_ID_HINT } from '../kernel/index.js'
import { SCAFFOLD_KINDS, SCAFFOLD_KIND_NAMES, type ScaffoldKind, isScaffoldKind } from './kinds.js'
import { type DependencySpecs, type ProjectInfo, gitignore, packageJson, readme, testFile, tsconfigJson } from './project-files.js'

export interface ScaffoldOptions {
  /** The scenario id, `org/name`. */
  id: string
  kind?: string
  /** Where to create the project (default: ./<name>). Must not exist, or be empty. */
  dir?: string
  /** Override how the project depends on Bund's packages. */
  deps?: Partial<DependencySpecs>
}

export interface ScaffoldResult {
  dir: string
  kind: ScaffoldKind
  /** The files written, relative to `dir`. */
  files: string[]
}

/** The source of a kind's template scenario (shipped with this package, type-checked with it). */
export function templateSource(kind: ScaffoldKind): string {
  const file = fileURLToPath(new URL(`../../src/scaffold/templates/${kind}.ts`, import.meta.url))
  if (!existsSync(file)) throw new BundError('USAGE', `no template for the kind "${kind}" in this version of Bund`)
  return readFileSync(file, 'utf8')
}

function packageDir(file: string): string {
  return realpathSync(dirname(file))
}

function readVersion(dir: string): { version: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> }
}

/**
 * How a new project depends on Bund: the registry range when Bund itself was installed from a
 * registry, or a `file:` link to this checkout (npm then symlinks the local packages).
 */
export function dependencySpecs(): DependencySpecs {
  const coreDir = realpathSync(fileURLToPath(new URL('../../', import.meta.url)))
  const sdkDir = packageDir(fileURLToPath(import.meta.resolve('@bund/sdk/package.json')))
  const spec = (dir: string) => (dir.split(sep).includes('node_modules') ? `^${readVersion(dir).version}` : `file:${dir}`)
  return {
    sdk: spec(sdkDir),
    core: spec(coreDir),
    zod: readVersion(sdkDir).dependencies?.['zod'] ?? '^4.0.0',
    typescript: '^5.9.0',
  }
}

/** `my-credit-model` -> `My credit model`. */
function titleOf(name: string): string {
  const words = name.replace(/-/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/**
 * The template with its definition's id and title filled in (the first `id:` and `title:` lines).
 * Both come from a validated id, so they hold no quote to escape.
 */
export function renderScenario(kind: ScaffoldKind, id: string, title: string): string {
  const source = templateSource(kind)
  const withId = source.replace(/^(\s*id: )'[^']*'/m, (_, lead: string) => `${lead}'${id}'`)
  const withTitle = withId.replace(/^(\s*title: )'[^']*'/m, (_, lead: string) => `${lead}'${title}'`)
  if (!/^\s*id: '/m.test(source) || !/^\s*title: '/m.test(source)) throw new BundError('USAGE', `the ${kind} template has no id or title line to fill in`)
  return withTitle
}

/** Writes a new scenario project; returns where and what. */
export function scaffoldScenario(options: ScaffoldOptions): ScaffoldResult {
  if (!isScenarioId(options.id)) throw new BundError('SCENARIO_ID_INVALID', `"${options.id}" is not a scenario id: it ${SCENARIO_ID_HINT}`)
  const kindArg = options.kind ?? 'credit'
  if (!isScaffoldKind(kindArg)) throw new BundError('USAGE', `--kind must be one of ${SCAFFOLD_KIND_NAMES.join(', ')}, got "${kindArg}"`)
  const kind = kindArg
  const org = orgOf(options.id)
  const name = nameOf(options.id)
  const dir = resolve(options.dir ?? name)
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BundError('USAGE', `${dir} already exists and is not empty; choose another --dir`)

  const title = `${titleOf(name)} (${SCAFFOLD_KINDS[kind].result})`
  const info: ProjectInfo = { id: options.id, org, name, kind, title, deps: { ...dependencySpecs(), ...options.deps } }
  const files: Record<string, string> = {
    'package.json': packageJson(info),
    'tsconfig.json': tsconfigJson(),
    'src/index.ts': renderScenario(kind, options.id, title),
    'test/scenario.test.js': testFile(info),
    'README.md': readme(info),
    '.gitignore': gitignore(),
  }

  const parent = dirname(dir)
  mkdirSync(parent, { recursive: true })
  const staging = mkdtempSync(join(parent, `.${basename(dir)}.bund-new-`))
  try {
    // mkdtemp makes the folder private (0700); the project is an ordinary folder.
    chmodSync(staging, 0o755)
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, file)), { recursive: true })
      writeFileSync(join(staging, file), text)
    }
    if (existsSync(dir)) rmdirSync(dir)
    renameSync(staging, dir)
  } catch (e) {
    rmSync(staging, { recursive: true, force: true })
    throw e
  }
  return { dir, kind, files: Object.keys(files) }
}
