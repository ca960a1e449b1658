/**
 * The worked examples of sdk/README.md are real: each one builds, runs in the sandbox and returns
 * an output its result kind accepts (the credit, settlement and market examples are also published).
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { WorkerPool, runLocal, workerEntry } from '@bund/core'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'

const readme = readFileSync(join(ROOT, 'sdk', 'README.md'), 'utf8')
/** Every ```ts block that is a whole scenario, keyed by its result kind. */
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((code) => code.includes('export default defineScenario'))
  .map((code) => ({ kind: /result: '([a-z-]+)'/.exec(code)![1]!, code }))

const work = tempDir('bund-author-readme-')
symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir')
const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
afterAll(() => pool.close())

describe('sdk/README.md examples', () => {
  it('has one worked example per result kind, plus the first scenario', () => {
    expect(examples.map((e) => e.kind).sort()).toEqual(['aml-alerts', 'credit-decisions', 'credit-decisions', 'market-risk', 'risk-scores', 'settlement-batch'])
  })

  it.each(examples.map((e, i) => [`${i + 1}: ${e.kind}`, e] as const))('example %s builds, runs and returns a valid output', async (_, example) => {
    const dir = join(work, `example-${examples.indexOf(example)}`)
    mkdirSync(join(dir, 'src'), { recursive: true })
    writeFileSync(join(dir, 'src', 'index.ts'), example.code)
    const run = await runLocal(dir, { seed: 2, pool })
    expect(run.error).toBeUndefined()
    expect(run.verdicts.find((v) => v.rule === 'operational/output-schema')?.status).toBe('pass')
    expect(run.verdicts.find((v) => v.rule === 'operational/determinism')?.status).toBe('pass')
    expect((run.output as { kind: string }).kind).toBe(example.kind)
    // The README says the aml and risk examples are deliberately too simple to pass their packs.
    if (['credit-decisions', 'settlement-batch', 'market-risk'].includes(example.kind)) {
      expect(run.verdicts.filter((v) => v.status === 'fail').map((v) => `${v.rule}: ${v.message}`)).toEqual([])
      expect(run.status).toBe('published')
    }
  })

  it('type-check under a strict tsconfig with no Node types, as a scaffolded project does', async () => {
    const compilerOptions = { target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true, types: [] }
    writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module' }))
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['example-*/src'] }))
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', work]).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    )
    expect(result).toBe('')
  })
})
