/**
 * Reproducing a publication (`bund verify --rerun`): run the recorded bundle again on the recorded
 * seed, rows and params, in a throwaway store, and compare the output hash.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadRulePacks } from '../compliance/rule-pack.js'
import { type LoadedScenario, parseManifest, verifyBundle } from '../manifest/load.js'
import type { Manifest, Publication } from '../model/index.js'
import { WorkerPool } from '../sandbox/pool.js'
import { openStore } from '../store/index.js'
import type { Store } from '../store/store.js'
import { runScenario } from './run-scenario.js'
import { workerEntry } from './worker-protocol.js'

export interface Reproduction {
  ok: boolean
  detail: string
  outputHash: string | null
}

export async function reproduce(store: Store, publication: Publication): Promise<Reproduction> {
  const fail = (detail: string): Reproduction => ({ ok: false, detail, outputHash: null })
  if (!store.artifacts.has(publication.bundleSha256)) return fail(`the bundle ${publication.bundleSha256} is not in the store`)
  const bundle = store.artifacts.get(publication.bundleSha256).toString('utf8')
  const manifest = await recordedManifest(store, publication)
  if (manifest === undefined) return fail(`the manifest of ${publication.scenario}@${publication.version} with bundle ${publication.bundleSha256.slice(0, 16)}… is not in the store`)
  return rerun({ manifest, bundle, source: `${publication.scenario}@${publication.version}` }, publication)
}

/**
 * Runs a scenario's bundle and manifest (from anywhere: a store, or downloaded by `bund verify <url>`)
 * on the publication's seed, rows and params in a scratch store, removed afterwards, and compares
 * the output hash. The bundle's hash is checked against its manifest first.
 */
export async function rerun(scenario: LoadedScenario, publication: Publication): Promise<Reproduction> {
  const fail = (detail: string): Reproduction => ({ ok: false, detail, outputHash: null })
  const { manifest, bundle } = scenario
  verifyBundle(manifest, bundle, `${publication.scenario}@${publication.version}`)
  const dir = mkdtempSync(join(tmpdir(), 'bund-rerun-'))
  const scratch = await openStore(dir)
  const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
  try {
    const report = await runScenario(scratch, pool, {
      scenario,
      seed: publication.seed,
      rows: publication.rows,
      params: publication.params,
      // The keys the publication revealed: the data is the run's, whoever holds the secret.
      evaluation: publication.evaluationKeys ? { keys: publication.evaluationKeys } : 'public',
      rulePacks: loadRulePacks(),
      actor: 'verify',
    })
    if (report.outputHash === null) return fail(`the re-run ${report.status}${report.error ? `: ${report.error.code}: ${report.error.message}` : ''}`)
    return report.outputHash === publication.outputHash
      ? { ok: true, detail: `re-ran seed ${publication.seed}: the output hash matches (sha256:${report.outputHash.slice(0, 16)}…)`, outputHash: report.outputHash }
      : { ok: false, detail: `re-ran seed ${publication.seed}: output sha256:${report.outputHash.slice(0, 16)}… differs from the published sha256:${publication.outputHash.slice(0, 16)}…`, outputHash: report.outputHash }
  } finally {
    await pool.close()
    await scratch.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The manifest the run used: its own artifact, else the registry's entry for that exact bundle. */
async function recordedManifest(store: Store, publication: Publication): Promise<Manifest | undefined> {
  const hash = (await store.getRun(publication.runId))?.manifestSha256
  if (hash !== undefined && store.artifacts.has(hash)) return parseManifest(JSON.parse(store.artifacts.get(hash).toString('utf8')), `manifest ${hash}`)
  const registered = await store.getScenario(publication.scenario, publication.version)
  return registered?.bundleSha256 === publication.bundleSha256 ? registered.manifest : undefined
}
