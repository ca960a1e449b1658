// Issue 24 item 6: the public scenario page's first render (the first request for it after `bund
// serve` starts: nothing kept yet) at a large store, against baselines measured in the same server:
// the bare `/healthz` route and the same page once rendered and kept. Publications are written
// through Store.recordRun as the runner records them. The server is started RUNS times; each figure
// is the median over the starts.
// Run: `npx tsc -b && flock /work/wt/bench.lock node --no-node-snapshot test/bench/first-render.mjs [publications]` (default 20000).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, publicationId, sha256 } from '@bund/core'

const ROOT = new URL('../..', import.meta.url).pathname
const BUND = join(ROOT, 'core', 'bin', 'bund.js')
const N = Number(process.argv[2] ?? 20_000)
const RUNS = 5
const manifest = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'credit-scoring', 'dist', 'manifest.json'), 'utf8'))
const PAGE = `/scenarios/${manifest.id}`

/** Publication `n` of the credit scenario, with four verdicts as a credit run has them. */
function record(n) {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString()
  const verdicts = ['four-fifths-gender', 'four-fifths-region', 'adverse-action-reasons', 'output-schema'].map((rule, i) => ({
    rule: `fair-lending/${rule}`, title: `Rule ${rule}`, check: rule === 'output-schema' ? 'output-schema' : 'four-fifths', citation: 'ECOA / Reg B 12 CFR 1002', severity: 'block', status: 'pass',
    figure: 0.9 + ((n + i) % 7) / 100, threshold: 0.8, message: `ratio ${(0.9 + ((n + i) % 7) / 100).toFixed(2)} >= 0.80`, evidence: {},
  }))
  const run = {
    id: `run_${n}`, scenario: manifest.id, version: manifest.version, bundleSha256: manifest.bundle.sha256, seed: n % 500, rows: null, params: {}, status: 'published',
    startedAt: at, finishedAt: at, outputHash: sha256(`output ${n}`), verdicts, resources: { wallMs: 250, cpuMs: 170, heapPeakBytes: 5_800_000 }, rulePacks: { 'fair-lending': '1.0.0' }, logs: [], runtimeVersion: '0.1.0',
  }
  const body = { runId: run.id, scenario: run.scenario, version: run.version, bundleSha256: run.bundleSha256, seed: run.seed, rows: null, params: {}, outputHash: run.outputHash, verdicts, resources: run.resources, rulePacks: run.rulePacks, runtimeVersion: '0.1.0', publishedAt: at }
  return { run, publication: { id: publicationId(body), ...body } }
}

function serve(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', BUND, 'serve', '--port', '0', '--concurrency', '1', '--log-level', 'error', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /Bund API on (http:\/\/\S+)/.exec(out)
      if (m) resolve({ url: m[1], stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) })
    })
    child.stderr.on('data', (d) => (out += d))
    child.once('exit', (code) => reject(new Error(`bund serve exited ${code}: ${out}`)))
  })
}

async function timed(url, path) {
  const t = performance.now()
  const res = await fetch(`${url}${path}`)
  const bytes = (await res.arrayBuffer()).byteLength
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
  return { ms: performance.now() - t, bytes }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p50of = async (url, path, n = 20) => {
  const xs = []
  for (let i = 0; i < n; i++) xs.push((await timed(url, path)).ms)
  return median(xs)
}

const dir = mkdtempSync(join(tmpdir(), 'bund-first-render-'))
try {
  const store = await openStore(dir)
  await store.putScenario({ id: manifest.id, version: manifest.version, title: manifest.title, author: 'bund', category: manifest.category, result: manifest.result, bundleSha256: manifest.bundle.sha256, manifest, registeredAt: new Date().toISOString() }, 'cli')
  const filling = performance.now()
  for (let n = 1; n <= N; ) {
    const batch = []
    for (let k = 0; k < 256 && n <= N; k++, n++) {
      const { run, publication } = record(n)
      batch.push(store.recordRun(run, publication))
    }
    await Promise.all(batch)
  }
  await store.close()
  const fillS = (performance.now() - filling) / 1000
  const rows = { healthzFirst: [], healthz: [], first: [], cached: [], zhFirst: [], deepFirst: [], bytes: [] }
  for (let i = 0; i < RUNS; i++) {
    const server = await serve(dir)
    try {
      rows.healthzFirst.push((await timed(server.url, '/healthz')).ms)
      rows.healthz.push(await p50of(server.url, '/healthz'))
      const first = await timed(server.url, PAGE)
      rows.first.push(first.ms)
      rows.bytes.push(first.bytes)
      rows.cached.push(await p50of(server.url, PAGE))
      rows.zhFirst.push((await timed(server.url, `${PAGE}?lang=zh-CN`)).ms)
      rows.deepFirst.push((await timed(server.url, `${PAGE}?page=40`)).ms)
    } finally {
      await server.stop()
    }
  }
  const m = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)]))
  const f = (x) => `${x.toFixed(1)} ms`
  console.log(`\nfirst render at ${N} publications (filled in ${fillS.toFixed(0)} s; median of ${RUNS} server starts; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`)
  console.log('| figure | median | ÷ /healthz p50 | ÷ cached page p50 |')
  console.log('| --- | --- | --- | --- |')
  console.log(`| /healthz p50 (bare hono route; baseline) | ${f(m.healthz)} | 1.00× | |`)
  console.log(`| /healthz, first request after start | ${f(m.healthzFirst)} | ${(m.healthzFirst / m.healthz).toFixed(2)}× | |`)
  console.log(`| scenario page, cached p50 (baseline) | ${f(m.cached)} | ${(m.cached / m.healthz).toFixed(2)}× | 1.00× |`)
  console.log(`| scenario page, first render | ${f(m.first)} | ${(m.first / m.healthz).toFixed(2)}× | ${(m.first / m.cached).toFixed(2)}× |`)
  console.log(`| scenario page in zh-CN, first render | ${f(m.zhFirst)} | ${(m.zhFirst / m.healthz).toFixed(2)}× | ${(m.zhFirst / m.cached).toFixed(2)}× |`)
  console.log(`| scenario page 40, first render | ${f(m.deepFirst)} | ${(m.deepFirst / m.healthz).toFixed(2)}× | ${(m.deepFirst / m.cached).toFixed(2)}× |`)
  console.log(`| scenario page bytes | ${(m.bytes / 1024).toFixed(1)} KB | | |`)
  console.log(`first renders: ${rows.first.map((x) => x.toFixed(0)).join(', ')} ms`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
