/**
 * `bund build` refuses, by name, every import that cannot work inside the sandbox: Node built-ins,
 * network clients, code from URLs, and the same imports made by a dependency.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bundleScenario, isBundError } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { ROOT, bund, tempDir } from '../helpers/cli.js'

const SCENARIO = `
export default defineScenario({
  id: 'acme/leaky', version: '1.0.0', title: 'Leaky', category: 'other',
  datasets: { applicants: { kind: 'credit-applicants', rows: 10 } },
  result: 'credit-decisions',
  run(ctx) { return creditDecisions(ctx.data.applicants.rows).build() },
})
`

/** A scenario project whose src/index.ts starts with `imports`, with node_modules as after npm install. */
function project(imports: string, extraFiles: Record<string, string> = {}): string {
  const dir = tempDir('bund-author-build-')
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'src', 'index.ts'), `${imports}\nimport { creditDecisions, defineScenario } from '@bund/sdk'\n${SCENARIO}`)
  mkdirSync(join(dir, 'node_modules'))
  for (const name of ['@bund', 'zod', 'pure-rand']) symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
  for (const [file, text] of Object.entries(extraFiles)) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  return dir
}

async function buildError(dir: string): Promise<{ code: string; message: string }> {
  try {
    await bundleScenario(dir)
  } catch (e) {
    if (isBundError(e)) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('the build was expected to fail')
}

describe('bund build refuses what cannot run in the sandbox', () => {
  it('an import of fs fails the build with a one-line message naming the import and its line', async () => {
    const dir = project("import { readFileSync } from 'fs'\nconsole.log(readFileSync)")
    const r = await bund(['build', dir])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^bund: BUILD_FAILED: .*src\/index\.ts:1: imports the Node built-in "fs", which does not exist inside the Bund sandbox/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses http, node:https and fs/promises the same way', async () => {
    for (const spec of ['http', 'node:https', 'fs/promises']) {
      const e = await buildError(project(`import * as m from '${spec}'\nconsole.log(m)`))
      expect(e.code, spec).toBe('BUILD_FAILED')
      expect(e.message, spec).toContain(`src/index.ts:1: imports the Node built-in "${spec}"`)
    }
  })

  it('refuses a network client package by name, before looking for it', async () => {
    const e = await buildError(project("import axios from 'axios'\nconsole.log(axios)"))
    expect(e.message).toContain('src/index.ts:1: imports "axios", a network client: the Bund sandbox has no network at run time')
  })

  it('refuses code imported from a URL', async () => {
    const e = await buildError(project("import lib from 'https://esm.sh/left-pad'\nconsole.log(lib)"))
    expect(e.message).toContain('imports "https://esm.sh/left-pad" from a URL: a scenario cannot load code over the network')
  })

  it('names the dependency that imports a built-in', async () => {
    const dir = project("import { ping } from 'pinger'\nconsole.log(ping)", {
      'node_modules/pinger/package.json': JSON.stringify({ name: 'pinger', version: '1.0.0', main: 'index.js' }),
      'node_modules/pinger/index.js': "const net = require('net')\nexports.ping = () => net.connect(80, 'example.org')\n",
    })
    const e = await buildError(dir)
    expect(e.message).toContain('node_modules/pinger/index.js:1: the package "pinger" imports the Node built-in "net"')
    expect(e.message).toContain('or drop "pinger"')
  })

  it('says to install a package that cannot be found', async () => {
    const e = await buildError(project("import thing from 'not-installed-anywhere'\nconsole.log(thing)"))
    expect(e.message).toMatch(/Could not resolve "not-installed-anywhere" \(is it installed\? run npm install in /)
  })

  it('a pure import still builds', async () => {
    const dir = project("import { z } from 'zod'\nconsole.log(z.string())")
    const code = await bundleScenario(dir)
    expect(code).toContain('__bund_scenario')
  })
})
