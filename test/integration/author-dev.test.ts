/**
 * `bund dev`: builds and runs once, rebuilds and re-runs after each change to src/, shows a broken
 * build without stopping, and stops cleanly on Ctrl-C (SIGINT).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BUND, ROOT, bund, tempDir } from '../helpers/cli.js'

/** A running `bund dev`: everything it printed so far, and a way to wait for more. */
class DevProcess {
  readonly child: ChildProcess
  out = ''
  constructor(dir: string) {
    this.child = spawn(process.execPath, [BUND, 'dev', dir, '--rows', '300'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()))
    this.child.stderr!.on('data', (d: Buffer) => (this.out += d.toString()))
  }
  /** Waits until the output matches `pattern` `times` times (bounded). */
  async waitFor(pattern: RegExp, times = 1, timeoutMs = 40_000): Promise<void> {
    const global = new RegExp(pattern.source, 'g')
    const deadline = Date.now() + timeoutMs
    while ((this.out.match(global)?.length ?? 0) < times) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} ×${times}; output so far:\n${this.out}`)
      if (this.child.exitCode !== null) throw new Error(`bund dev exited (${this.child.exitCode}); output:\n${this.out}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  exited(): Promise<number | null> {
    return this.child.exitCode !== null ? Promise.resolve(this.child.exitCode) : new Promise((r) => this.child.once('exit', (code) => r(code)))
  }
}

describe('bund dev', () => {
  const work = tempDir('bund-author-dev-')
  let dev: DevProcess | undefined
  afterAll(() => {
    if (dev?.child.exitCode === null) dev.child.kill('SIGKILL')
  })

  it('re-runs on each change, reports a broken build and keeps watching, and stops on Ctrl-C', async () => {
    const dir = join(work, 'watched')
    expect((await bund(['new', 'acme/watched', '--dir', dir])).code).toBe(0)
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
    const index = join(dir, 'src', 'index.ts')
    const source = readFileSync(index, 'utf8')

    dev = new DevProcess(dir)
    await dev.waitFor(/watching src\/ for changes/)
    expect(dev.out).toMatch(/PUBLISHED {2}acme\/watched@0\.1\.0 {2}seed 1/)
    expect(dev.out).toContain('fair-lending/four-fifths')
    expect(dev.out).toContain('approved ')

    // A change: the next report carries the new log line.
    writeFileSync(index, source.replace('ctx.log.info(`approved', 'ctx.log.info(`second edition: approved'))
    await dev.waitFor(/second edition: approved/)
    await dev.waitFor(/PUBLISHED/, 2)
    expect(dev.out).toMatch(/rebuilt after a change to src\/index\.ts/)

    // A broken build is shown with its code and line; the watch goes on.
    writeFileSync(index, `import { readFileSync } from 'node:fs'\nconsole.log(readFileSync)\n${source}`)
    await dev.waitFor(/bund: BUILD_FAILED: .*src\/index\.ts:1: imports the Node built-in "node:fs"/)
    await dev.waitFor(/watching src\/ for changes/, 3)

    // Fixed again: published again.
    writeFileSync(index, source)
    await dev.waitFor(/PUBLISHED/, 3)
    await dev.waitFor(/watching src\/ for changes/, 4)

    dev.child.kill('SIGINT')
    expect(await dev.exited()).toBe(0)
    expect(dev.out.trimEnd()).toMatch(/stopped$/)
    expect(dev.out).not.toMatch(/\n\s+at /)
  })

  it('--once builds and runs once with the exit code of bund run', async () => {
    const dir = join(work, 'watched')
    const r = await bund(['dev', dir, '--once', '--rows', '300'])
    expect(r.stdout).toMatch(/PUBLISHED {2}acme\/watched@0\.1\.0/)
    expect(r.code).toBe(0)
  })
})
