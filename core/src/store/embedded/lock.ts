/**
 * One writer per data directory: a lock file naming its holder — PID, the process's start time
 * (so a reused PID is not mistaken for it), the kernel's boot id (so a reboot is noticed) and the
 * host — and refreshed by the holder every half minute. A second process is refused with the
 * holder's identity; a lock whose holder is provably dead is taken over: on this host (same boot)
 * when that PID is gone or now belongs to a process started at another time, after a reboot at
 * once, and from another host (or an earlier container) when it was not refreshed for LEASE_MS.
 */
import { randomBytes } from 'node:crypto'
import { linkSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { BundError } from '../../kernel/index.js'
import { asStoreFault } from '../faults.js'

export const LOCK_FILE = 'lock'

export interface Holder {
  pid: number
  host: string
  since: string
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), where known. */
  startTime?: number
  /** /proc/sys/kernel/random/boot_id of the holder's kernel, where known. */
  bootId?: string
}

/** Why a holder is or is not alive, as doctor shows it. */
export type Liveness = { alive: true; why: string } | { alive: false; why: string }

/** A lock not refreshed for this long, whose holder cannot be checked from here, is stale. */
export const LEASE_MS = 10 * 60 * 1000
const REFRESH_MS = 30 * 1000

/** Lock files held by this process, so a second Store on the same folder here is refused too. */
const held = new Set<string>()

export class DataDirLock {
  #released = false
  readonly #onExit: () => void

  readonly #refresh: NodeJS.Timeout

  private constructor(readonly path: string) {
    // If the process ends without close(), still leave no lock behind.
    this.#onExit = () => this.release()
    process.once('exit', this.#onExit)
    // The lease: a holder that cannot be checked from another host is alive while this ticks.
    this.#refresh = setInterval(() => {
      try {
        const now = new Date()
        utimesSync(this.path, now, now)
      } catch {}
    }, REFRESH_MS).unref()
  }

  /** Takes the lock of `dataDir`, or throws STORE_LOCKED naming the live holder. */
  static acquire(dataDir: string): DataDirLock {
    const path = join(dataDir, LOCK_FILE)
    const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), ...identity(process.pid) }
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
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw asStoreFault(e, 'taking the lock') ?? new BundError('STORE_INVALID', `cannot lock ${dataDir}: ${(e as Error).message}`)
        }
        const holder = readHolder(path)
        if (holder === undefined) continue // released between our link and read: try again
        const state = liveness(holder, path)
        if (state.alive) {
          const who = holder.pid === process.pid && holder.host === me.host ? 'this process (the store is already open here)' : `process ${holder.pid}${holder.host === me.host ? '' : ` on ${holder.host}`}`
          throw new BundError(
            'STORE_LOCKED',
            `${dataDir} is in use by ${who} since ${holder.since} (${state.why}); only one process may write a data directory. Stop it, or use another --data-dir.${holder.host === me.host ? '' : ' If that process is gone, `bund doctor --release-lock --force` releases the lock.'}`,
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
  static holder(dataDir: string): (Holder & Liveness) | undefined {
    const path = join(dataDir, LOCK_FILE)
    const holder = readHolder(path)
    return holder && { ...holder, ...liveness(holder, path) }
  }

  /**
   * Removes a lock whose holder is not alive (`bund doctor --release-lock`); with `force`, also one
   * whose holder cannot be checked from here (another host), once the operator has made sure.
   * Refuses a live holder on this host always.
   */
  static releaseStale(dataDir: string, force = false): { released: boolean; holder?: Holder & Liveness } {
    const path = join(dataDir, LOCK_FILE)
    const holder = DataDirLock.holder(dataDir)
    if (holder === undefined) return { released: false }
    const checkable = holder.host === hostname() && (holder.bootId === undefined || holder.bootId === bootId())
    if (holder.alive && (checkable || !force)) {
      throw new BundError('STORE_LOCKED', `the lock of ${dataDir} is held by a live process: ${holder.why}.${checkable ? '' : ' If you are sure it no longer runs, pass --force.'}`, { pid: holder.pid, host: holder.host })
    }
    takeOverStale(path, holder)
    return { released: true, holder }
  }

  release(): void {
    if (this.#released) return
    this.#released = true
    clearInterval(this.#refresh)
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

/** The start time and boot id that tell this process from a later one with the same PID. */
function identity(pid: number): { startTime?: number; bootId?: string } {
  const startTime = startTimeOf(pid)
  const boot = bootId()
  return { ...(startTime !== undefined ? { startTime } : {}), ...(boot !== undefined ? { bootId: boot } : {}) }
}

function startTimeOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const field = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
    return field === undefined ? undefined : Number(field)
  } catch {
    return undefined
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    return undefined
  }
}

/** Whether the holder still runs, and how that is known. */
function liveness(holder: Holder, path: string): Liveness {
  const who = `process ${holder.pid} on ${holder.host} (since ${holder.since})`
  if (holder.pid <= 0) return { alive: false, why: `the lock file is unreadable or not Bund's` }
  const sameBoot = holder.bootId === undefined || bootId() === undefined || holder.bootId === bootId()
  if (holder.host === hostname() && !sameBoot) return { alive: false, why: `${who} ran before this machine last started (another boot id)` }
  if (holder.host !== hostname()) {
    // Another host, or this one under an earlier container's name: its PID means nothing here.
    const idleMs = Date.now() - mtimeOf(path)
    if (idleMs > LEASE_MS) return { alive: false, why: `${who} has not refreshed the lock for ${Math.round(idleMs / 60000)} min (it refreshes every ${REFRESH_MS / 1000} s while it runs)` }
    return { alive: true, why: `${who}, refreshed ${Math.round(idleMs / 1000)} s ago; it cannot be checked from ${hostname()}` }
  }
  if (holder.pid === process.pid) return held.has(path) ? { alive: true, why: 'this process holds it' } : { alive: false, why: 'it was left by this process' }
  try {
    process.kill(holder.pid, 0)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return { alive: false, why: `${who} is no longer running` }
  }
  const now = startTimeOf(holder.pid)
  if (holder.startTime !== undefined && now !== undefined && now !== holder.startTime) return { alive: false, why: `${who} is gone; PID ${holder.pid} now belongs to a process started later` }
  return { alive: true, why: `${who} is running` }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
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
