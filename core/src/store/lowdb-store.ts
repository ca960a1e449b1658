import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { z } from 'zod'
import { BundError } from '../errors.js'
import { ArtifactStore } from './artifacts.js'
import type { Publication, RunRecord, ScenarioRecord } from './records.js'
import type { Store } from './store.js'

/** The db.json format this code reads and writes. */
export const SCHEMA_VERSION = 1

interface DbFile {
  schemaVersion: number
  scenarios: ScenarioRecord[]
  runs: RunRecord[]
  publications: Publication[]
}

const dbFileSchema = z
  .object({
    schemaVersion: z.number().int(),
    scenarios: z.array(z.object({ id: z.string(), version: z.string(), bundleSha256: z.string() }).passthrough()),
    runs: z.array(z.object({ id: z.string(), status: z.string() }).passthrough()),
    publications: z.array(z.object({ id: z.string(), runId: z.string() }).passthrough()),
  })
  .passthrough()

const empty = (): DbFile => ({ schemaVersion: SCHEMA_VERSION, scenarios: [], runs: [], publications: [] })

/** A Store on one lowdb JSON file (db.json) with artifacts beside it. */
export class LowdbStore implements Store {
  readonly artifacts: ArtifactStore
  #db: Low<DbFile>
  #queue: Promise<unknown> = Promise.resolve()
  #runs = new Map<string, RunRecord>()
  #publications = new Map<string, Publication>()

  private constructor(
    readonly dataDir: string,
    db: Low<DbFile>,
  ) {
    this.#db = db
    this.artifacts = new ArtifactStore(join(dataDir, 'artifacts'))
    for (const r of db.data.runs) this.#runs.set(r.id, r)
    for (const p of db.data.publications) this.#publications.set(p.id, p)
  }

  /** Opens (creating if needed) the store in `dataDir`. A corrupt or newer db.json is refused, never overwritten. */
  static async open(dataDir: string): Promise<LowdbStore> {
    const dir = resolve(dataDir)
    try {
      mkdirSync(dir, { recursive: true })
    } catch (e) {
      throw new BundError('STORE_INVALID', `cannot create the data directory ${dir}: ${(e as Error).message}`)
    }
    const file = join(dir, 'db.json')
    if (existsSync(file)) {
      let parsed: unknown
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'))
      } catch (e) {
        throw new BundError('STORE_INVALID', `${file} is corrupt (${(e as Error).message}); it was left untouched`)
      }
      const checked = dbFileSchema.safeParse(parsed)
      if (!checked.success) throw new BundError('STORE_INVALID', `${file} is not a Bund database; it was left untouched`)
      if (checked.data.schemaVersion > SCHEMA_VERSION) {
        throw new BundError('STORE_INVALID', `${file} has schema version ${checked.data.schemaVersion}, newer than this Bund (${SCHEMA_VERSION}); upgrade Bund`)
      }
    }
    // Built by hand, not with JSONFilePreset: the preset silently keeps data in memory under NODE_ENV=test.
    const db = new Low<DbFile>(new JSONFile<DbFile>(file), empty())
    await db.read()
    db.data ??= empty()
    return new LowdbStore(dir, db)
  }

  /** Runs `change` then writes, one at a time, so concurrent callers never interleave. */
  #write(change: (data: DbFile) => void): Promise<void> {
    const next = this.#queue.then(async () => {
      change(this.#db.data)
      await this.#db.write()
    })
    this.#queue = next.catch(() => undefined)
    return next
  }

  putScenario(record: ScenarioRecord): Promise<void> {
    return this.#write((data) => {
      const existing = data.scenarios.find((s) => s.id === record.id && s.version === record.version)
      if (existing === undefined) {
        data.scenarios.push(record)
        return
      }
      if (existing.bundleSha256 !== record.bundleSha256) {
        throw new BundError(
          'VERSION_CONFLICT',
          `${record.id}@${record.version} is already registered with bundle ${existing.bundleSha256}; a changed bundle needs a new version`,
        )
      }
    })
  }

  getScenario(id: string, version?: string): ScenarioRecord | undefined {
    const matches = this.#db.data.scenarios.filter((s) => s.id === id && (version === undefined || s.version === version))
    return matches.sort((a, b) => compareVersions(b.version, a.version))[0]
  }

  listScenarios(): ScenarioRecord[] {
    return [...this.#db.data.scenarios]
  }

  recordRun(run: RunRecord, publication?: Publication): Promise<void> {
    return this.#write((data) => {
      data.runs.push(run)
      this.#runs.set(run.id, run)
      if (publication !== undefined) {
        data.publications.push(publication)
        this.#publications.set(publication.id, publication)
      }
    })
  }

  getRun(id: string): RunRecord | undefined {
    return this.#runs.get(id)
  }

  listRuns(): RunRecord[] {
    return [...this.#db.data.runs]
  }

  getPublication(id: string): Publication | undefined {
    return this.#publications.get(id)
  }

  listPublications(): Publication[] {
    return [...this.#db.data.publications]
  }

  async close(): Promise<void> {
    await this.#queue
  }
}

/** Orders semantic versions by their numeric parts. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number)
  const pb = b.split(/[.+-]/).map(Number)
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
