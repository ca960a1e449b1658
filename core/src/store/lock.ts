/**
 * One writer per data directory: a lock file holding the owner's PID. A second process is refused
 * with the holder's PID; a lock left by a process that died (kill -9, power loss) is taken over.
 */
import { randomBytes } from 'node:crypto'
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { BundError } from '../errors.js'

export const LOCK_FILE = 'lock'

interface Holder {
  pid: number
  host: string
  since: string
}

/** Lock files held by this process, so a second Store on the same folder here is refused too. */
const held = new Set<string>()

export class DataDirLock {
  #released = false
  readonly #onExit: () => void

  private constructor(readonly path: string) {
    // If the process ends without close(), still leave no lock behind.
    this.#onExit = () => this.release()
    process.once('exit', this.#onExit)
  }

  /** Takes the lock of `dataDir`, or throws STORE_LOCKED naming the live holder. */
  static acquire(dataDir: string): DataDirLock {
    const path = join(dataDir, LOCK_FILE)
    const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
    // The lock is created complete under a temp name and hard-linked into place: link fails if a
    // lock exists, so there is never a moment with an empty lock file.
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`
    writeFileSync(temp, `${JSON.stringify(me)}\n`)
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          linkSync(temp, path)
          held.add(path)
          return new DataDirLock(path)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new BundError('STORE_INVALID', `cannot lock ${dataDir}: ${(e as Error).message}`)
        }
        const holder = readHolder(path)
        if (holder === undefined) continue // released between our link and read: try again
        if (isAlive(holder, path)) {
          const who = holder.pid === process.pid ? 'this process (the store is already open here)' : `process ${holder.pid}${holder.host === me.host ? '' : ` on ${holder.host}`}`
          throw new BundError(
            'STORE_LOCKED',
            `${dataDir} is in use by ${who} since ${holder.since}; only one process may write a data directory. Stop it, or use another --data-dir.`,
            { pid: holder.pid, host: holder.host },
          )
        }
        takeOverStale(path, holder)
      }
      throw new BundError('STORE_LOCKED', `${dataDir}: could not take the lock (other processes keep taking it)`)
    } finally {
      rmSync(temp, { force: true })
    }
  }

  /** Who holds the lock of `dataDir`, if anyone alive does. */
  static holder(dataDir: string): (Holder & { alive: boolean }) | undefined {
    const path = join(dataDir, LOCK_FILE)
    const holder = readHolder(path)
    return holder && { ...holder, alive: isAlive(holder, path) }
  }

  release(): void {
    if (this.#released) return
    this.#released = true
    process.removeListener('exit', this.#onExit)
    held.delete(this.path)
    if (readHolder(this.path)?.pid === process.pid) rmSync(this.path, { force: true })
  }
}

function readHolder(path: string): Holder | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  try {
    const h = JSON.parse(text) as Holder
    if (typeof h.pid === 'number') return h
  } catch {}
  return { pid: -1, host: hostname(), since: 'unknown' }
}

/** A holder on this host is alive if its PID is (and, for our own PID, if this process holds it). */
function isAlive(holder: Holder, path: string): boolean {
  if (holder.host !== hostname()) return true // cannot tell: assume alive
  if (holder.pid === process.pid) return held.has(path)
  if (holder.pid <= 0) return false
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Moves a dead holder's lock aside; if another process replaced it meanwhile, puts theirs back. */
function takeOverStale(path: string, stale: Holder): void {
  const aside = `${path}.stale.${randomBytes(4).toString('hex')}`
  try {
    renameSync(path, aside)
  } catch {
    return // someone else moved it first
  }
  const moved = readHolder(aside)
  if (moved && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    try {
      linkSync(aside, path)
    } catch {}
  }
  rmSync(aside, { force: true })
}
