/**
 * The generated client types (`@bund/core/http/client`, core/scripts/client-types.mjs): the README's
 * typed-client example type-checks against them as a client project would, and they are real types,
 * not `any` — a misspelt path, a wrong query or a field the response does not have fails to compile.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const example = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### A typed client')))![1]!
const dir = tempDir('bund-client-types-')
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

/** tsc's complaints about `source` in a client project (strict, skipLibCheck, no Node types); '' when it compiles. */
function check(source: string): string {
  writeFileSync(join(dir, 'client.ts'), source)
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, stdio: 'pipe' })
    return ''
  } catch (e) {
    return String((e as { stdout?: Buffer }).stdout ?? e)
  }
}

beforeAll(() => {
  // What `npm run build` does after tsc, so the test sees the routes as they are now.
  execFileSync(process.execPath, [join(ROOT, 'core', 'scripts', 'client-types.mjs')], { stdio: 'pipe' })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [] }, files: ['client.ts'] }))
}, 120_000)

describe('the generated client types', () => {
  it('type-check the README example', () => {
    expect(example).toContain("from '@bund/core/http/client'")
    expect(check(example)).toBe('')
  }, 120_000)

  it('are real types: a wrong path, query or response field does not compile', () => {
    expect(check(example.replace('.items)', '.itemz)'))).toMatch(/itemz/)
    expect(check(example.replace('api.api.v1.publications', 'api.api.v1.publication'))).toMatch(/publication/)
    expect(check(example.replace("{ scenario: 'bund/credit-scoring' }", '{ scenario: 7 }'))).toMatch(/number/)
  }, 180_000)
})
