/**
 * Bund processes for the multi-node tests and the scale-out benchmark: `bund serve` API nodes and
 * `bund worker`s as real child processes on one database, each killable with SIGKILL and
 * restartable, with their output kept for the failure message.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BUND, ROOT } from './cli.js'

export interface BundProcess {
  readonly args: string[]
  child: ChildProcess
  output: string
  /** Resolves with the first stdout match of `pattern` (within `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  kill(signal?: NodeJS.Signals): Promise<void>
}

const KEEP_OUTPUT = 20_000

export function startBund(args: string[], env: Record<string, string> = {}): BundProcess {
  const child = spawn(process.execPath, [BUND, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const proc: BundProcess = {
    args,
    child,
    output: '',
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = proc.output.match(pattern)
          if (m) {
            clearTimeout(timer)
            child.stdout!.off('data', check)
            child.off('exit', exited)
            resolve(m)
          }
        }
        const exited = (code: number | null) => reject(new Error(`bund ${args[0]} exited (${code}) before printing ${pattern}:\n${proc.output}`))
        const timer = setTimeout(() => reject(new Error(`bund ${args[0]} did not print ${pattern} in ${timeoutMs} ms:\n${proc.output}`)), timeoutMs)
        child.stdout!.on('data', check)
        child.once('exit', exited)
        check()
      })
    },
    kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
      return new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill(signal)
      })
    },
  }
  const keep = (chunk: Buffer) => {
    proc.output = (proc.output + chunk.toString('utf8')).slice(-KEEP_OUTPUT)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  return proc
}

/** A multipart upload of a built scenario directory (as `curl -F manifest=@… -F bundle=@…`). */
export function uploadForm(dir: string): FormData {
  const form = new FormData()
  form.append('manifest', new Blob([readFileSync(join(dir, 'dist', 'manifest.json'))]), 'manifest.json')
  form.append('bundle', new Blob([readFileSync(join(dir, 'dist', 'bundle.js'))]), 'bundle.js')
  return form
}
