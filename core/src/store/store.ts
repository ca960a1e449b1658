import type { ArtifactStore } from './artifacts.js'
import type { Publication, RunRecord, ScenarioRecord } from './records.js'

/**
 * Everything Bund keeps. The server process is its single writer; an implementation serialises
 * writes and never leaves a half-written file. lowdb now; PostgreSQL behind the same interface later.
 */
export interface Store {
  readonly dataDir: string
  readonly artifacts: ArtifactStore
  /** Registers a scenario version. The same id@version with another bundle is refused. */
  putScenario(record: ScenarioRecord): Promise<void>
  getScenario(id: string, version?: string): ScenarioRecord | undefined
  listScenarios(): ScenarioRecord[]
  /** Records a finished run and, when it passed the gate, its publication, in one write. */
  recordRun(run: RunRecord, publication?: Publication): Promise<void>
  getRun(id: string): RunRecord | undefined
  listRuns(): RunRecord[]
  getPublication(id: string): Publication | undefined
  listPublications(): Publication[]
  close(): Promise<void>
}
