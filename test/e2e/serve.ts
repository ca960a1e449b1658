/**
 * Starts `bund serve` as a user would, in a child process on 127.0.0.1 with a free port, and
 * resolves with its URL once it prints it. `stop()` sends SIGTERM and waits for the exit.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { BUND, ROOT } from '../helpers/cli.js'

export interface Served {
  url: string
  output(): string
  stop(): Promise<void>
}

export function serve(args: string[], timeoutMs = 120_000): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [BUND, 'serve', '--host', '127.0.0.1', '--port', '0', '--log-level', 'warn', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`bund serve did not start within ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /Bund API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match !== null) {
        clearTimeout(timer)
        resolve({ url: match[1]!, output: () => out, stop })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`bund serve exited with ${code} before listening:\n${out}`))
    })
  })
}
