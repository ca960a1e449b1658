/**
 * A registered scenario version as a run loads it: the stored bundle, checked against its
 * registered hash, and the source map its upload carried (so a thrown error maps to src/).
 */
import type { LoadedScenario } from '../manifest/load.js'
import { verifyBundle } from '../manifest/load.js'
import { uploadedSourceMap } from '../manifest/uploaded-source-map.js'
import type { ArtifactStore } from '../store/artifacts.js'
import type { ScenarioRecord } from '../model/index.js'

export function loadRegistered(artifacts: ArtifactStore, record: ScenarioRecord): LoadedScenario {
  const source = `${record.id}@${record.version}`
  const bundle = artifacts.get(record.bundleSha256).toString('utf8')
  verifyBundle(record.manifest, bundle, source)
  const hash = record.sourceMapSha256
  const sourceMap = hash !== undefined && artifacts.has(hash) ? uploadedSourceMap(artifacts.get(hash).toString('utf8')) : undefined
  return { manifest: record.manifest, bundle, source, ...(sourceMap ? { sourceMap } : {}) }
}
