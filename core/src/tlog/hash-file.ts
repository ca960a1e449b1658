/**
 * The log's hashes on disk: one append-only file of 32-byte hashes in the order they become known.
 * Appending leaf n writes its hash, then the hash of every complete subtree it closes, bottom up, so
 * the node (level, index) sits at a fixed offset and is read with one positional read, whatever the
 * log's size. (The same layout as Go's checksum database, golang.org/x/mod/sumdb/tlog.)
 *
 * The file is derived data: the audit entries are the truth. Appends are written at once but made
 * durable only by `sync()` (the store calls it when it folds its journal, and on close), so a writer
 * opening after a crash re-checks the tail against the audit entries and rewrites what differs.
 */
import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { HASH_BYTES, leafHash, nodeHash } from './hashing.js'
import type { TreeHashes } from './tree.js'

/** How many hashes a log of `leaves` leaves has stored: every leaf and every complete interior node, 2n − popcount(n). */
export function storedCount(leaves: number): number {
  let ones = 0
  for (let n = leaves; n > 0; n = Math.floor(n / 2)) ones += n % 2
  return 2 * leaves - ones
}

/** Where node (level, index) is stored: right after the leaf that completes it and the nodes below it. */
export function storedIndex(level: number, index: number): number {
  const lastLeaf = (index + 1) * 2 ** level - 1
  return storedCount(lastLeaf) + level
}

/** The number of leaves of a file holding `hashes` stored hashes (a torn tail is not counted). */
function leavesIn(hashes: number): number {
  let lo = 0
  let hi = hashes
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (storedCount(mid) <= hashes) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * The hashes to store, in order, when `leaves` are appended to a log of `size` leaves: each leaf's
 * hash and the subtrees it completes. `read(i)` gives an earlier stored hash (see `olderHashesNeeded`).
 */
export function appendedHashes(size: number, leaves: readonly Uint8Array[], read: (storedIndex: number) => Buffer): Buffer[] {
  const pending: Buffer[] = []
  const start = storedCount(size)
  // A hash made in this batch is read from `pending`, an older one with `read`.
  const get = (i: number) => (i >= start ? (pending[i - start] as Buffer) : read(i))
  for (let k = 0; k < leaves.length; k++) {
    const n = size + k
    let hash = leafHash(leaves[k] as Uint8Array)
    pending.push(hash)
    for (let level = 0; Math.floor(n / 2 ** level) % 2 === 1; level++) {
      hash = nodeHash(get(storedIndex(level, Math.floor(n / 2 ** level) - 1)), hash)
      pending.push(hash)
    }
  }
  return pending
}

/** The stored indexes of earlier hashes that appending `count` leaves to a log of `size` leaves reads. */
export function olderHashesNeeded(size: number, count: number): number[] {
  const start = storedCount(size)
  const out = new Set<number>()
  for (let n = size; n < size + count; n++) {
    for (let level = 0; Math.floor(n / 2 ** level) % 2 === 1; level++) {
      const i = storedIndex(level, Math.floor(n / 2 ** level) - 1)
      if (i < start) out.add(i)
    }
  }
  return [...out]
}

/** The log's leaves as the store holds them. */
export interface LeafSource {
  readonly count: number
  leaf(index: number): Uint8Array
}

export class HashFile implements TreeHashes {
  #size: number
  readonly #fd: number
  readonly #writable: boolean

  private constructor(fd: number, size: number, writable: boolean) {
    this.#fd = fd
    this.#size = size
    this.#writable = writable
  }

  /**
   * Opens the file at `path` (created when writable). `log` gives the leaf contents (the truth); a
   * writer re-checks the newest `recheck` leaves and appends everything past the file's end, so a
   * crash or an older data dir never leaves the file behind the log. A reader sees at most
   * `log.count` leaves.
   */
  static open(path: string, log: LeafSource, options: { writable: boolean; recheck?: number }): HashFile | undefined {
    if (!options.writable && !existsSync(path)) return undefined
    if (options.writable) mkdirSync(dirname(path), { recursive: true })
    const fd = openSync(path, options.writable ? (existsSync(path) ? 'r+' : 'w+') : 'r')
    const stored = leavesIn(Math.floor(fstatSync(fd).size / HASH_BYTES))
    const file = new HashFile(fd, Math.min(stored, log.count), options.writable)
    if (!options.writable) return file
    // Find the first leaf whose stored hash (or a node it completed) differs from the truth.
    let good = file.#size
    for (let i = Math.max(0, good - (options.recheck ?? 4096)); i < good; i++) {
      if (!file.#leafMatches(i, log.leaf(i))) good = i
    }
    file.#size = good
    ftruncateSync(fd, storedCount(good) * HASH_BYTES)
    const missing: Uint8Array[] = []
    for (let i = good; i < log.count; i++) missing.push(log.leaf(i))
    file.append(missing)
    file.sync()
    return file
  }

  get size(): number {
    return this.#size
  }

  node(level: number, index: number): Buffer {
    if ((index + 1) * 2 ** level > this.#size) throw new RangeError(`node (${level}, ${index}) is not complete in a log of ${this.#size} leaves`)
    return this.#read(storedIndex(level, index))
  }

  /** Appends leaves (their contents; hashed here) with one write. */
  append(leaves: readonly Uint8Array[]): void {
    if (!this.#writable) throw new Error('the log hash file was opened read-only')
    if (leaves.length === 0) return
    const bytes = Buffer.concat(appendedHashes(this.#size, leaves, (i) => this.#read(i)))
    writeSync(this.#fd, bytes, 0, bytes.length, storedCount(this.#size) * HASH_BYTES)
    this.#size += leaves.length
  }

  /** Makes the appended hashes durable. */
  sync(): void {
    if (this.#writable) fdatasyncSync(this.#fd)
  }

  close(): void {
    closeSync(this.#fd)
  }

  #leafMatches(n: number, leaf: Uint8Array): boolean {
    let hash = leafHash(leaf)
    if (!hash.equals(this.#read(storedIndex(0, n)))) return false
    for (let level = 0; Math.floor(n / 2 ** level) % 2 === 1; level++) {
      hash = nodeHash(this.#read(storedIndex(level, Math.floor(n / 2 ** level) - 1)), hash)
      if (!hash.equals(this.#read(storedIndex(level + 1, Math.floor(n / 2 ** (level + 1)))))) return false
    }
    return true
  }

  #read(i: number): Buffer {
    const out = Buffer.alloc(HASH_BYTES)
    const got = readSync(this.#fd, out, 0, HASH_BYTES, i * HASH_BYTES)
    if (got !== HASH_BYTES) throw new RangeError(`the log hash file ends before hash ${i}`)
    return out
  }
}
