/**
 * The author's first hour, end to end: `bund new` scaffolds a project of each kind into a temp
 * dir, which builds, type-checks, runs through the compliance checks and is published; the
 * scaffolded test itself passes; bad `bund new` input is refused without writing anything.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SCAFFOLD_KINDS, SCAFFOLD_KIND_NAMES, type ScaffoldKind, WorkerPool, runLocal, workerEntry } from '@bund/core'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, bund, tempDir } from '../helpers/cli.js'

const exec = promisify(execFile)
const work = tempDir('bund-author-new-')
const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
afterAll(() => pool.close())

/** Scaffolds a project with the CLI and makes @bund/sdk and @bund/core resolvable, as npm install would. */
async function scaffold(kind: ScaffoldKind): Promise<string> {
  const dir = join(work, kind)
  const r = await bund(['new', `acme/demo-${kind}`, '--kind', kind, '--dir', dir])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  expect(r.stdout).toContain(`created acme/demo-${kind} (${kind}: ${SCAFFOLD_KINDS[kind].result})`)
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

describe('bund new, for every kind', () => {
  it.each(SCAFFOLD_KIND_NAMES)('%s: scaffolds a project that builds, runs and is published', async (kind) => {
    const dir = await scaffold(kind)
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', 'README.md', 'node_modules', 'package.json', 'src', 'test', 'tsconfig.json'])
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; devDependencies: Record<string, string> }
    expect(pkg.name).toBe(`@acme/demo-${kind}`)
    // In this checkout the project links to the local packages, so npm install works outside the repository.
    expect(pkg.dependencies['@bund/sdk']).toBe(`file:${join(ROOT, 'sdk')}`)
    expect(pkg.devDependencies['@bund/core']).toBe(`file:${join(ROOT, 'core')}`)
    const source = readFileSync(join(dir, 'src', 'index.ts'), 'utf8')
    expect(source).toContain("id: 'acme/demo-" + kind + "'")
    expect(source).not.toContain('template-org')

    // Built and run the way the scaffolded test does it: build from src/, then the full compliance run.
    const run = await runLocal(dir, { seed: 11, pool })
    const failing = run.verdicts.filter((v) => v.status === 'fail').map((v) => `${v.rule}: ${v.message}`)
    expect(failing, `${kind} blocking failures`).toEqual([])
    expect(run.error).toBeUndefined()
    expect(run.status).toBe('published')
    expect(run.publicationId).toMatch(/^pub_/)
    expect(run.manifest).toMatchObject({ id: `acme/demo-${kind}`, result: SCAFFOLD_KINDS[kind].result, author: 'acme' })
    expect((run.output as { kind: string }).kind).toBe(SCAFFOLD_KINDS[kind].result)
    expect(existsSync(join(dir, 'dist', 'bundle.js'))).toBe(true)
    expect(existsSync(join(dir, 'dist', 'manifest.json'))).toBe(true)
    // The templates' params use zod/mini: described in the manifest, and no 800 KB of zod in the bundle.
    if (kind !== 'settlement') expect(run.manifest?.paramsSchema).toMatchObject({ type: 'object', properties: expect.any(Object) })
    expect(statSync(join(dir, 'dist', 'bundle.js')).size).toBeLessThan(250_000)
  })

  it('the scaffolded projects type-check under their own strict tsconfig, with no Node types', async () => {
    const dirs = SCAFFOLD_KIND_NAMES.map((k) => join(work, k)).filter((d) => existsSync(d))
    expect(dirs).toHaveLength(SCAFFOLD_KIND_NAMES.length)
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    await expect(exec(process.execPath, [tsc, '-b', ...dirs], { cwd: work })).resolves.toBeDefined()
    // A Node API in a scenario is a type error there, before the build refuses it.
    const credit = join(work, 'credit')
    const index = join(credit, 'src', 'index.ts')
    const original = readFileSync(index, 'utf8')
    writeFileSync(index, `${original}\nexport const home = process.env['HOME']\n`)
    const failed = await exec(process.execPath, [tsc, '-p', credit], { cwd: credit }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    )
    writeFileSync(index, original)
    expect(failed).toMatch(/Cannot find name 'process'/)
  })

  it('credit: bund build, bund run and the scaffolded npm test work as a user runs them', async () => {
    const dir = join(work, 'credit')
    const built = await bund(['build', dir])
    expect(built.code).toBe(0)
    expect(built.stdout).toMatch(/^built acme\/demo-credit@0\.1\.0 /)
    const run = await bund(['run', dir, '--seed', '4', '--json', '--data-dir', join(work, 'data')])
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'published', scenario: 'acme/demo-credit' })
    expect(run.code).toBe(0)
    // The scaffolded test, exactly as `npm test` runs it.
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: { test: string } }
    expect(pkg.scripts.test).toBe('node --test test/scenario.test.js')
    const test = await exec(process.execPath, ['--test', 'test/scenario.test.js'], { cwd: dir }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    )
    // node --test's summary: TAP (`# pass 1`) on Node 20, the spec reporter (`ℹ pass 1`) from Node 22.
    expect(test.out).toMatch(/^(# |ℹ )pass 1$/m)
    expect(test.code).toBe(0)
  })
})

describe('bund new refuses bad input and writes nothing', () => {
  it('an id that is not org/name', async () => {
    const r = await bund(['new', 'Acme Credit', '--dir', join(work, 'bad-id')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bund: SCENARIO_ID_INVALID: "Acme Credit" is not a scenario id: it must be org\/name/)
    expect(existsSync(join(work, 'bad-id'))).toBe(false)
  })

  it('an unknown kind, naming the kinds there are', async () => {
    const r = await bund(['new', 'acme/x', '--kind', 'insurance', '--dir', join(work, 'bad-kind')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('bund: USAGE: --kind must be one of credit, settlement, risk, aml, market, got "insurance"')
    expect(existsSync(join(work, 'bad-kind'))).toBe(false)
  })

  it('a directory that already holds files, which are left alone', async () => {
    const dir = join(work, 'occupied')
    mkdirSync(dir)
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    const r = await bund(['new', 'acme/x', '--dir', dir])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bund: USAGE: .*occupied already exists and is not empty/)
    expect(readdirSync(dir)).toEqual(['notes.txt'])
    // No staging folder is left beside it either.
    expect(readdirSync(work).filter((f) => f.includes('bund-new'))).toEqual([])
  })
})
