import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BundError, sha256 } from '../kernel/index.js'
import { fsyncDir, writeFileAtomic } from './atomic-write.js'
import { rethrowAsStoreFault } from './faults.js'

/** Content-addressed files: each stored under its own sha256, written atomically, never changed. */
export class ArtifactStore {
  constructor(readonly dir: string) {}

  /** Stores bytes; returns their sha256. Storing the same bytes twice is a no-op. */
  put(data: string | Uint8Array): string {
    const hash = sha256(data)
    const path = this.#path(hash)
    if (!existsSync(path)) {
      try {
        const folder = join(this.dir, hash.slice(0, 2))
        if (!existsSync(folder)) {
          mkdirSync(folder, { recursive: true })
          fsyncDir(this.dir)
        }
        writeFileAtomic(path, data)
      } catch (e) {
        rethrowAsStoreFault(e, 'writing an artifact')
      }
    }
    return hash
  }

  /** Reads an artifact, checking its bytes still hash to its name. */
  get(hash: string): Buffer {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new BundError('STORE_INVALID', `not an artifact hash: ${hash}`)
    const path = this.#path(hash)
    if (!existsSync(path)) throw new BundError('STORE_INVALID', `artifact ${hash} is missing from the data directory's artifacts/`)
    const data = readFileSync(path)
    const actual = sha256(data)
    if (actual !== hash) throw new BundError('STORE_INVALID', `artifact ${hash} is corrupt: its bytes hash to ${actual}`)
    return data
  }

  has(hash: string): boolean {
    return /^[0-9a-f]{64}$/.test(hash) && existsSync(this.#path(hash))
  }

  #path(hash: string): string {
    return join(this.dir, hash.slice(0, 2), hash)
  }
}
