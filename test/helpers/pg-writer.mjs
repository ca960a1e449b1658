// A writer process for the concurrent-writers test: opens the PostgreSQL store as a node would and
// records `count` runs (every other one published) and as many audit entries, 4 at a time.
// Usage: node pg-writer.mjs <url> <dataDir> <prefix> <count>
import { publicationId, sha256 } from '@bund/core'
import { PgStore } from '@bund/core/postgres'

const [url, dataDir, prefix, countText] = process.argv.slice(2)
const count = Number(countText)
const store = await PgStore.open(url, dataDir)
store.artifacts.put('bundle')

async function one(i) {
  const id = `run_${prefix}_${i}`
  const at = new Date().toISOString()
  const published = i % 2 === 0
  const run = {
    id, scenario: 'acme/fake', version: '1.0.0', bundleSha256: sha256('bundle'), seed: i, rows: null, params: { writer: prefix },
    status: published ? 'published' : 'held', startedAt: at, finishedAt: at, outputHash: store.artifacts.put(`output ${prefix} ${i}`),
    verdicts: [], resources: { wallMs: 1, cpuMs: 1, heapPeakBytes: 1 }, rulePacks: {}, logs: [], runtimeVersion: '0.1.0',
  }
  let publication
  if (published) {
    const body = { runId: id, scenario: run.scenario, version: run.version, bundleSha256: run.bundleSha256, seed: i, rows: null, params: run.params, outputHash: run.outputHash, verdicts: [], resources: run.resources, rulePacks: {}, runtimeVersion: '0.1.0', publishedAt: at }
    publication = { id: publicationId(body), ...body }
  }
  await store.recordRun(run, publication, `writer:${prefix}`)
  await store.audit(`writer:${prefix}`, 'test.note', id, { i })
}

for (let i = 0; i < count; i += 4) await Promise.all([0, 1, 2, 3].filter((k) => i + k < count).map((k) => one(i + k)))
await store.close()
process.stdout.write(`${prefix} done\n`)
