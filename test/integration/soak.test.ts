/**
 * Server soak (issue 18): 50 runs of the record-bloating bundle (a market-risk output whose series
 * name is a 134M-character string) against a real `bund serve`, with ordinary runs in between, then
 * a restart on the same data dir. The server's and its workers' resident memory stay bounded, the
 * records stay small, and ordinary runs publish throughout.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadScenarioDir } from '@bund/core'
import { BUND, ROOT, fixture, tempDir } from '../helpers/cli.js'

const MB = 1024 * 1024
/** The server's peak resident memory over the whole soak, and a worker's. */
const SERVER_PEAK_BUDGET = 320 * MB
const WORKER_PEAK_BUDGET = 400 * MB
const BLOAT = join(ROOT, 'test', 'hostile', 'market-series-bloat')
const ORDINARY = fixture('echo-random')

interface Served {
  child: ChildProcess
  url: string
  output: () => string
}

function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, [BUND, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } })
  let out = ''
  child.stdout?.on('data', (d) => (out += d))
  child.stderr?.on('data', (d) => (out += d))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bund serve did not start: ${out}`)), 60_000)
    child.stdout?.on('data', () => {
      const m = /Bund API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1]!, output: () => out })
      }
    })
    child.once('exit', (code) => reject(new Error(`bund serve exited ${code}: ${out}`)))
  })
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** A process's resident memory now and at its peak, from /proc. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), peak: kb('VmHWM') }
}

/** The sandbox workers of a server: its child processes. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter((n) => n > 0)
  } catch {
    return []
  }
}

function uploadForm(dir: string): FormData {
  const s = loadScenarioDir(dir)
  const form = new FormData()
  form.set('manifest', new File([JSON.stringify(s.manifest)], 'manifest.json'))
  form.set('bundle', new File([s.bundle], 'bundle.js'))
  return form
}

describe('a server soak with the record-bloating bundle', () => {
  const dataDir = tempDir('bund-soak-')
  let server: Served | undefined
  afterAll(async () => {
    if (server) await stop(server.child)
  })

  it('keeps the server and its workers bounded over 50 runs and a restart, and ordinary runs publish throughout', async () => {
    const started = performance.now()
    server = await serve(dataDir)
    const token = /\n {2}(bund_[A-Za-z0-9_-]+)\n/.exec(server.output())?.[1]
    expect(token).toBeDefined()
    const auth = { authorization: `Bearer ${token}` }
    const api = (path: string, init: RequestInit = {}) => fetch(`${server!.url}/api/v1${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } })
    for (const dir of [BLOAT, ORDINARY]) {
      const res = await api('/scenarios', { method: 'POST', body: uploadForm(dir) })
      expect(res.status, await res.clone().text()).toBeLessThan(300)
    }
    const runOf = async (scenario: string): Promise<{ status: string; error?: { code: string; message: string }; report?: unknown }> => {
      const res = await api('/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario, seed: 1 }) })
      expect(res.status, await res.clone().text()).toBe(202)
      const { id } = (await res.json()) as { id: string }
      for (let i = 0; i < 600; i++) {
        const s = (await (await api(`/runs/${id}`)).json()) as { state: string; status: string; error?: { code: string; message: string }; report?: unknown }
        if (s.state === 'finished' || s.state === 'rejected') return s
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`run ${id} did not finish`)
    }
    const bloat = loadScenarioDir(BLOAT).manifest.id
    const ordinary = loadScenarioDir(ORDINARY).manifest.id
    const serverPid = server.child.pid!
    const before = memory(serverPid)
    let workerPeak = 0
    for (let i = 0; i < 50; i++) {
      const run = await runOf(bloat)
      expect(run.status).toBe('failed')
      expect(run.error?.code).toBe('OUTPUT_TOO_LARGE')
      expect(run.error!.message.length).toBeLessThan(300)
      expect(JSON.stringify(run.report).length).toBeLessThan(64 * 1024)
      if (i % 10 === 9) expect((await runOf(ordinary)).status).toBe('published')
      for (const pid of childrenOf(serverPid)) workerPeak = Math.max(workerPeak, memory(pid).peak)
    }
    const after = memory(serverPid)
    // A page of every run stays small: records are bounded one by one.
    const page = await api('/runs?limit=200')
    const pageBytes = (await page.text()).length
    expect(pageBytes).toBeLessThan(4 * MB)
    await stop(server.child)

    // Restarted on the same data dir: it loads the 55 records without trouble and keeps working.
    const restartStarted = performance.now()
    server = await serve(dataDir)
    const restartMs = performance.now() - restartStarted
    const restarted = memory(server.child.pid!)
    expect((await runOf(ordinary)).status).toBe('published')
    const again = await runOf(bloat)
    expect(again.error?.code).toBe('OUTPUT_TOO_LARGE')
    const end = memory(server.child.pid!)
    console.log(
      `soak: 50 bloat runs + 5 ordinary in ${Math.round((performance.now() - started) / 1000)} s; server rss ${Math.round(before.rss / MB)} -> ${Math.round(after.rss / MB)} MB (peak ${Math.round(after.peak / MB)} MB); ` +
        `worker peak ${Math.round(workerPeak / MB)} MB; GET /runs?limit=200 ${Math.round(pageBytes / 1024)} KB; restart ${Math.round(restartMs)} ms, rss ${Math.round(restarted.rss / MB)} MB, after two more runs ${Math.round(end.rss / MB)} MB (peak ${Math.round(end.peak / MB)} MB)`,
    )
    expect(after.peak).toBeLessThan(SERVER_PEAK_BUDGET)
    expect(end.peak).toBeLessThan(SERVER_PEAK_BUDGET)
    expect(workerPeak).toBeLessThan(WORKER_PEAK_BUDGET)
  }, 300_000)
})
