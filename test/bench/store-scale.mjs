// Issue 24 item 6: does a request cost the same at 100,000 publications as at 1,000? Publications
// are written through the Store API exactly as the runner records them (recordRun: signed, chained,
// journaled and fsynced one by one), with realistic records (a credit run: verdicts with evidence,
// resources, rule packs, a log line). The store at 1,000 is copied aside as the baseline of the same
// run; each figure is printed for both, with the ratio and the goal.
// Run: `npx tsc -b && node --no-node-snapshot test/bench/store-scale.mjs [publications]` (default 100000).
// Filling 100,000 takes a quarter of an hour on a loaded machine: BENCH_KEEP=<dir> copies the filled
// stores there untouched, before measuring (`<dir>`, `<dir>-at-1000`, and the publish latencies measured
// while filling in `<dir>.publish.json`); BENCH_REUSE=<dir> measures copies of a kept pair again
// without filling (valid only while the on-disk format is unchanged).
import { spawn, execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, loadavg } from 'node:os'
import { join } from 'node:path'
import { openStore, publicationId, sha256 } from '@bund/core'

const ROOT = new URL('../..', import.meta.url).pathname
const BUND = join(ROOT, 'core', 'bin', 'bund.js')
const N = Number(process.argv[2] ?? 100_000)
const BASE = 1_000
const SAMPLES = 500
const manifest = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'credit-scoring', 'dist', 'manifest.json'), 'utf8'))
const SCENARIO = manifest.id
const VERSION = manifest.version

/** A published credit run `n` and its publication body, as the runner builds them. */
function record(n) {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString()
  const verdicts = ['four-fifths-gender', 'four-fifths-region', 'adverse-action-reasons', 'output-schema'].map((rule, i) => ({
    rule: `fair-lending/${rule}`,
    title: `Rule ${rule}`,
    check: rule,
    citation: 'ECOA / Reg B 12 CFR 1002',
    severity: 'block',
    status: 'pass',
    figure: 0.9 + ((n + i) % 7) / 100,
    threshold: 0.8,
    message: `approval-rate ratio ${(0.9 + ((n + i) % 7) / 100).toFixed(2)} >= 0.80 for ${rule}`,
    evidence: { groups: { a: 0.61, b: 0.56 } },
  }))
  const run = {
    id: `run_${n}`,
    scenario: SCENARIO,
    version: VERSION,
    bundleSha256: manifest.bundle.sha256,
    seed: n,
    rows: null,
    params: { cutoff: 0.5 },
    status: 'published',
    startedAt: at,
    finishedAt: at,
    outputHash: sha256(`output ${n}`),
    verdicts,
    resources: { wallMs: 250, cpuMs: 170, heapPeakBytes: 5_800_000 },
    rulePacks: { 'fair-lending': '1.0.0', operational: '1.0.0' },
    logs: [{ level: 'info', message: 'scored 10000 applicants' }],
    runtimeVersion: '0.1.0',
  }
  const body = { runId: run.id, scenario: SCENARIO, version: VERSION, bundleSha256: run.bundleSha256, seed: n, rows: null, params: run.params, outputHash: run.outputHash, verdicts, resources: run.resources, rulePacks: run.rulePacks, runtimeVersion: '0.1.0', publishedAt: at }
  return { run, publication: { id: publicationId(body), ...body } }
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]
const fmt = (x, unit = 'ms') => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ${unit}`

/** Publishes runs [from, to]: `timed` ones one at a time (latency per publish), the rest `batch` at once (the store serialises them). */
async function fill(store, from, to, timed = 0) {
  const ms = []
  let n = from
  for (; n < from + timed && n <= to; n++) {
    const { run, publication } = record(n)
    const t = performance.now()
    await store.recordRun(run, publication)
    ms.push(performance.now() - t)
  }
  while (n <= to) {
    const batch = []
    for (let k = 0; k < 256 && n <= to; k++, n++) {
      const { run, publication } = record(n)
      batch.push(store.recordRun(run, publication))
    }
    await Promise.all(batch)
    if (n % 10_000 < 256) process.stderr.write(`  ${n - 1} publications\n`)
  }
  return ms
}

function rssOf(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))
  return Number(line.split(/\s+/)[1]) / 1024
}

/** Starts `bund serve` on `dir`: the time until it listens, its RSS then, and a way to stop it. */
function serve(dir) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--no-node-snapshot', BUND, 'serve', '--port', '0', '--concurrency', '1', '--log-level', 'error', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /Bund API on (http:\/\/\S+)/.exec(out)
      if (m) {
        const ms = performance.now() - started
        setTimeout(() => resolve({ url: m[1], ms, rssMiB: rssOf(child.pid), stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) }), 200)
      }
    })
    child.stderr.on('data', (d) => (out += d))
    child.once('exit', (code) => reject(new Error(`bund serve exited ${code}: ${out}`)))
  })
}

async function page(url, path, times = 20) {
  const first = performance.now()
  const body = await (await fetch(`${url}${path}`)).arrayBuffer()
  const cold = performance.now() - first
  const warm = []
  for (let i = 0; i < times; i++) {
    const t = performance.now()
    await (await fetch(`${url}${path}`)).arrayBuffer()
    warm.push(performance.now() - t)
  }
  return { cold, warm: pct(warm, 0.5), bytes: body.byteLength }
}

/** A command's wall time and exit code. */
function timeCli(args, timeoutMs = Number(process.env.BENCH_CLI_TIMEOUT_S ?? 120) * 1000) {
  const t = performance.now()
  let code = 0
  try {
    // doctor prints one line per missing output artifact: 100,000 lines overflow the default 1 MiB buffer.
    execFileSync(process.execPath, ['--no-node-snapshot', BUND, ...args], { stdio: 'pipe', timeout: timeoutMs, maxBuffer: 1 << 30 })
  } catch (e) {
    code = e.status ?? `killed after ${timeoutMs / 1000} s`
  }
  return { ms: performance.now() - t, code }
}

async function measure(dir, label) {
  const server = await serve(dir)
  const scenarioPage = await page(server.url, `/scenarios/${SCENARIO}`)
  const deepPage = await page(server.url, `/scenarios/${SCENARIO}?page=40`, 5)
  const list = await page(server.url, '/api/v1/publications?limit=100', 5)
  const overview = await page(server.url, '/', 5)
  await server.stop()
  const store = await openStore(dir, { readOnly: true })
  const p = (await store.listPublications({ limit: 1, offset: 500 })).items[0]
  // The runner's worker writes the output artifact; this bench writes the one it verifies (and the bundle).
  store.artifacts.put(`output ${p.seed}`)
  store.artifacts.put(readFileSync(join(ROOT, 'scenarios', 'credit-scoring', 'dist', 'bundle.js')))
  const id = p.id
  await store.close()
  const verify = timeCli(['verify', id, '--data-dir', dir])
  const doctor = timeCli(['doctor', '--data-dir', dir])
  console.error(`  measured ${label}`)
  return { start: server.ms, rss: server.rssMiB, scenarioPage, deepPage, list, overview, verify, doctor }
}

const dir = mkdtempSync(join(tmpdir(), 'bund-scale-'))
const baseDir = `${dir}-at-${BASE}`
const reuse = process.env.BENCH_REUSE

/** Fills the stores as the runner would, or copies a kept pair (BENCH_REUSE); returns the publish latencies. */
async function prepare() {
  if (reuse !== undefined) {
    cpSync(reuse, dir, { recursive: true })
    cpSync(`${reuse}-at-${BASE}`, baseDir, { recursive: true })
    return JSON.parse(readFileSync(`${reuse}.publish.json`, 'utf8'))
  }
  const store = await openStore(dir)
  await store.putScenario({ id: SCENARIO, version: VERSION, title: manifest.title, author: 'bund', category: manifest.category, result: manifest.result, bundleSha256: manifest.bundle.sha256, manifest, registeredAt: new Date().toISOString() }, 'cli')
  await fill(store, 1, BASE - SAMPLES)
  const publishAtBase = await fill(store, BASE - SAMPLES + 1, BASE, SAMPLES)
  await store.close()
  cpSync(dir, baseDir, { recursive: true })
  const reopened = await openStore(dir)
  const filling = performance.now()
  await fill(reopened, BASE + 1, N - SAMPLES)
  const fillMs = performance.now() - filling
  const publishAtN = await fill(reopened, N - SAMPLES + 1, N, SAMPLES)
  await reopened.close()
  const timings = { publishAtBase, publishAtN, fillMs, n: N }
  const keep = process.env.BENCH_KEEP
  if (keep) {
    cpSync(dir, keep, { recursive: true })
    cpSync(baseDir, `${keep}-at-${BASE}`, { recursive: true })
    writeFileSync(`${keep}.publish.json`, JSON.stringify(timings))
  }
  return timings
}

try {
  const { publishAtBase, publishAtN, fillMs, n: filled } = await prepare()
  if (filled !== N) throw new Error(`${reuse} holds ${filled} publications, not ${N}`)
  const base = await measure(baseDir, `${BASE}`)
  const big = await measure(dir, `${N}`)
  const du = (d) => execFileSync('du', ['-sm', d]).toString().split(/\s+/)[0]
  const rows = [
    ['server start (bund serve until it listens)', fmt(base.start), fmt(big.start), big.start / base.start, '≤ 2 s', big.start <= 2000],
    ['server RSS once listening', fmt(base.rss, 'MiB'), fmt(big.rss, 'MiB'), big.rss / base.rss, '≤ 300 MiB', big.rss <= 300],
    ['public scenario page, first render', fmt(base.scenarioPage.cold), fmt(big.scenarioPage.cold), big.scenarioPage.cold / base.scenarioPage.cold, '≤ 50 ms', big.scenarioPage.cold <= 50],
    ['public scenario page, cached (p50)', fmt(base.scenarioPage.warm), fmt(big.scenarioPage.warm), big.scenarioPage.warm / base.scenarioPage.warm, '≤ 50 ms', big.scenarioPage.warm <= 50],
    ['public scenario page, bytes', fmt(base.scenarioPage.bytes / 1024, 'KB'), fmt(big.scenarioPage.bytes / 1024, 'KB'), big.scenarioPage.bytes / base.scenarioPage.bytes, '≤ 200 KB', big.scenarioPage.bytes <= 200 * 1024],
    ['scenario page 40 (deep), first render', fmt(base.deepPage.cold), fmt(big.deepPage.cold), big.deepPage.cold / base.deepPage.cold, '', true],
    ['GET /api/v1/publications?limit=100, first', fmt(base.list.cold), fmt(big.list.cold), big.list.cold / base.list.cold, '', true],
    ['overview page, first render', fmt(base.overview.cold), fmt(big.overview.cold), big.overview.cold / base.overview.cold, '', true],
    [`bund verify <id> (local store; exit ${big.verify.code})`, fmt(base.verify.ms), fmt(big.verify.ms), big.verify.ms / base.verify.ms, '≤ 1 s', big.verify.ms <= 1000],
    [`bund doctor (exit ${big.doctor.code}: output artifacts not written)`, fmt(base.doctor.ms), fmt(big.doctor.ms), big.doctor.ms / base.doctor.ms, '≤ 60 s', big.doctor.ms <= 60_000],
    ['publish p50', fmt(pct(publishAtBase, 0.5)), fmt(pct(publishAtN, 0.5)), pct(publishAtN, 0.5) / pct(publishAtBase, 0.5), 'flat', true],
    ['publish p99', fmt(pct(publishAtBase, 0.99)), fmt(pct(publishAtN, 0.99)), pct(publishAtN, 0.99) / pct(publishAtBase, 0.99), 'flat (ratio ≤ 1.5)', pct(publishAtN, 0.99) / pct(publishAtBase, 0.99) <= 1.5],
  ]
  console.log(`\nstore scale: ${BASE} vs ${N} publications (data ${du(baseDir)} MiB vs ${du(dir)} MiB; filled ${BASE + 1}…${N} in ${(fillMs / 1000).toFixed(0)} s${reuse ? ' (a kept store, copied)' : ''}; load ${loadavg().map((x) => x.toFixed(1)).join(' ')})`)
  console.log(`| figure | at ${BASE} (baseline) | at ${N} | ratio | goal |`)
  console.log('| --- | --- | --- | --- | --- |')
  for (const [what, a, b, ratio, goal, ok] of rows) console.log(`| ${what} | ${a} | ${b} | ${ratio.toFixed(2)}× | ${goal}${goal ? (ok ? ' ✔' : ' ✘') : ''} |`)
} finally {
  rmSync(dir, { recursive: true, force: true })
  rmSync(baseDir, { recursive: true, force: true })
  if (process.env.BENCH_KEEP && !reuse) console.log(`kept the filled stores in ${process.env.BENCH_KEEP} and ${process.env.BENCH_KEEP}-at-${BASE}`)
}
