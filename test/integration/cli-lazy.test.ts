/**
 * Each `bund` command loads only what it needs: `bund --help` loads no command module, and no
 * command's help loads the HTTP server, the dashboard or isolated-vm (the loaded module list is
 * recorded by test/helpers/module-log.mjs).
 */
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUND, ROOT, tempDir } from '../helpers/cli.js'

const MODULE_LOG = join(ROOT, 'test', 'helpers', 'module-log.mjs')
/** What only serving or running a scenario needs (and the database clients, only for a database). */
const HEAVY = [/\/dist\/http\/(server|app)\.js$/, /\/dist\/http\/dashboard\//, /\/node_modules\/(hono|@hono)\//, /isolated-vm/, /\/node_modules\/(pg|pg-boss)\//, /\/dist\/queue\//]

/** Runs bund with the module log on; the modules it loaded, its stdout and exit code. */
function bundLoading(args: string[]): Promise<{ code: number; stdout: string; modules: string[] }> {
  const dir = tempDir()
  const log = join(dir, 'modules.log')
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', MODULE_LOG, BUND, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', BUND_MODULE_LOG: log } }, (error, stdout) => {
      const modules = readFileSync(log, 'utf8').split('\n').filter((l) => l !== '')
      rmSync(dir, { recursive: true, force: true })
      resolve({ code: error === null ? 0 : Number(error.code), stdout, modules })
    })
  })
}

const heavyIn = (modules: string[]) => modules.filter((m) => HEAVY.some((h) => h.test(m)))

describe('bund loads per command', () => {
  it('`bund --help` lists every command and loads none of their modules', async () => {
    const r = await bundLoading(['--help'])
    expect(r.code).toBe(0)
    const commands = /USAGE bund (\S+)/.exec(r.stdout)?.[1]?.split('|') ?? []
    expect(commands).toEqual(expect.arrayContaining(['run', 'build', 'keygen', 'serve', 'verify']))
    expect(r.modules.filter((m) => m.includes('/dist/cli/commands/'))).toEqual([])
    expect(heavyIn(r.modules)).toEqual([])
  })

  it("each command's help loads its own module but not the HTTP server, the dashboard or isolated-vm", async () => {
    const usage = await bundLoading(['--help'])
    const commands = /USAGE bund (\S+)/.exec(usage.stdout)?.[1]?.split('|') ?? []
    for (const command of commands) {
      const r = await bundLoading([command, '--help'])
      expect(r.code, command).toBe(0)
      expect(r.stdout, command).toContain(`bund ${command}`)
      expect(r.modules.some((m) => m.endsWith(`/dist/cli/commands/${command}.js`)), command).toBe(true)
      expect(heavyIn(r.modules), command).toEqual([])
    }
  }, 180_000)

  it('`bund keygen` loads no schema library', async () => {
    const out = tempDir()
    const r = await bundLoading(['keygen', '--out', out])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('key id')
    expect(r.modules.filter((m) => /node_modules\/zod\//.test(m))).toEqual([])
    rmSync(out, { recursive: true, force: true })
  })
})
