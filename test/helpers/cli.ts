import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BUND = join(ROOT, 'core', 'bin', 'bund.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the `bund` command as a user would, from the repository root. */
export function bund(args: string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUND, ...args], { cwd: options.cwd ?? ROOT, timeout: options.timeoutMs ?? 60_000, env: { ...process.env, NO_COLOR: '1', ...options.env } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 99
      resolve({ code, stdout, stderr })
    })
  })
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'bund-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** The path of a test fixture scenario. */
export function fixture(name: string): string {
  return join(ROOT, 'test', 'fixtures', name)
}

/** Starts `bund serve` on an ephemeral 127.0.0.1 port over `dataDir`; resolves with its URL once it listens. */
export async function serveDataDir(dataDir: string): Promise<{ url: string; server: ChildProcess }> {
  const server = spawn(process.execPath, [BUND, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`bund serve did not start: ${out}`)), 30_000)
    server.stdout?.on('data', (d) => {
      out += d
      const m = /Bund API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1] as string)
      }
    })
    server.once('exit', (code) => reject(new Error(`bund serve exited ${code}: ${out}`)))
  })
  return { url, server }
}
