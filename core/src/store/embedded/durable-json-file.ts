import { existsSync, readFileSync } from 'node:fs'
import type { Adapter } from 'lowdb'
import { BundError } from '../../kernel/index.js'
import { writeFileAtomic } from '../atomic-write.js'

/**
 * A lowdb adapter for one JSON file that survives crashes: every write is atomic and fsynced (file
 * and folder), which lowdb's own JSONFile (steno) is not. A file that does not parse, or that
 * `check` rejects, is refused with a clear message and left untouched.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  /** Bytes of the last text read or written: the store seals old records when it grows. */
  bytes = 0

  constructor(
    readonly path: string,
    private readonly check: (value: unknown, path: string) => T,
    private readonly hint = '',
  ) {}

  async read(): Promise<T | null> {
    return this.readSync()
  }

  readSync(): T | null {
    if (!existsSync(this.path)) return null
    const text = readFileSync(this.path, 'utf8')
    this.bytes = Buffer.byteLength(text)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (e) {
      const what = text.trim() === '' ? 'empty' : `corrupt or truncated (${(e as Error).message})`
      throw new BundError('STORE_INVALID', `${this.path} is ${what}; it was left untouched.${this.hint}`)
    }
    return this.check(value, this.path)
  }

  async write(data: T): Promise<void> {
    this.writeSync(data)
  }

  writeSync(data: T): void {
    const text = JSON.stringify(data)
    writeFileAtomic(this.path, text)
    this.bytes = Buffer.byteLength(text)
  }
}
