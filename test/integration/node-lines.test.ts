/**
 * On a Node.js line without its isolated-vm (18, a future 26, or node_modules installed by another
 * line), a command that needs the sandbox stops with one line naming the supported lines. The
 * other Node is simulated by setting `process.version` and its ABI before bund starts.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NODE_LINES } from '@bund/core'
import { BUND, ROOT, tempDir } from '../helpers/cli.js'

/** Runs bund as if on Node `version` with native ABI `abi`. */
function bundOn(version: string, abi: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const pretend = `Object.defineProperty(process, 'version', { value: ${JSON.stringify(version)} }); Object.defineProperty(process.versions, 'modules', { value: ${JSON.stringify(abi)} })`
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(pretend)}`, BUND, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr })
    })
  })
}

const creditScoring = join(ROOT, 'scenarios', 'credit-scoring')

describe('an unsupported Node.js gets one clear line', () => {
  it.each([
    ['v18.20.4', '108'],
    ['v26.1.0', '147'],
  ])('Node %s: bund run and bund build name the supported lines', async (version, abi) => {
    for (const args of [['run', creditScoring, '--data-dir', tempDir()], ['build', creditScoring]]) {
      const r = await bundOn(version, abi, args)
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(`bund: NODE_UNSUPPORTED: Node.js ${version} is not supported: Bund runs on Node.js 20, 22 and 24\n`)
    }
  })

  it('a supported line whose isolated-vm npm did not install (node_modules from another line) is told to reinstall', async () => {
    const here = NODE_LINES.find((l) => l.abi === process.versions.modules)!
    const other = NODE_LINES.find((l) => l.pkg !== here.pkg)!
    const r = await bundOn(`v${other.node}.0.0`, other.abi, ['build', creditScoring])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`bund: NODE_UNSUPPORTED: isolated-vm for Node.js ${other.node} is not installed (node_modules was installed with another Node.js): run npm install with this one\n`)
  })

  it('the supported lines are the ones package.json declares', async () => {
    const { engines } = (await import(join(ROOT, 'package.json'), { with: { type: 'json' } })).default as { engines: { node: string } }
    expect(engines.node).toBe(NODE_LINES.map((l) => `^${l.node}.0.0`).join(' || '))
  })
})
