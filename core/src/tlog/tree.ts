/**
 * Merkle tree proofs in the manner of RFC 9162 §2.1: roots, inclusion proofs and consistency proofs
 * computed from the hashes of complete subtrees (which never change once their last leaf is in), and
 * their verification, which needs nothing but the proof, the leaf hash and the roots.
 */
import { EMPTY_ROOT, HASH_BYTES, nodeHash } from './hashing.js'

/** Read access to a tree's stored hashes: `node(level, index)` is the complete subtree over leaves [index·2^level, (index+1)·2^level). */
export interface TreeHashes {
  readonly size: number
  node(level: number, index: number): Buffer
}

/** A node of the tree: the complete subtree of `level` over leaves [index·2^level, (index+1)·2^level). */
export type NodePosition = readonly [level: number, index: number]

/**
 * Stored hashes read asynchronously and in batches, as a network store reads them: one round trip
 * for every node a root or proof needs (`withStoredHashes`).
 */
export interface StoredTreeHashes {
  readonly size: number
  nodes(positions: readonly NodePosition[]): Promise<Buffer[]>
}

/** Stored hashes held locally (a file, memory), offered through the batched interface. */
export function storedTreeHashes(tree: TreeHashes): StoredTreeHashes {
  const size = tree.size
  return { size, nodes: async (positions) => positions.map(([level, index]) => tree.node(level, index)) }
}

/**
 * Runs a root or proof computation over stored hashes in two passes: the first records which nodes
 * it reads (which nodes depends only on sizes and indexes, never on hash values), then one batched
 * read fetches them, and the second computes with them.
 */
export async function withStoredHashes<T>(tree: StoredTreeHashes, compute: (tree: TreeHashes) => T): Promise<T> {
  const key = (level: number, index: number) => `${level}/${index}`
  const wanted = new Map<string, NodePosition>()
  const placeholder = Buffer.alloc(HASH_BYTES)
  compute({
    size: tree.size,
    node: (level, index) => {
      wanted.set(key(level, index), [level, index])
      return placeholder
    },
  })
  const positions = [...wanted.values()]
  const values = positions.length === 0 ? [] : await tree.nodes(positions)
  const read = new Map(positions.map(([level, index], i) => [key(level, index), values[i] as Buffer]))
  return compute({
    size: tree.size,
    node: (level, index) => {
      const hash = read.get(key(level, index))
      if (hash === undefined) throw new Error(`tree node ${key(level, index)} was not read in the first pass`)
      return hash
    },
  })
}

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** MTH of leaves [start, end): a stored node when the range is one complete subtree, else split as RFC 9162 does. */
export function rangeHash(tree: TreeHashes, start: number, end: number): Buffer {
  const n = end - start
  if ((n & (n - 1)) === 0 && start % n === 0) return tree.node(Math.log2(n), start / n)
  const k = splitPoint(n)
  return nodeHash(rangeHash(tree, start, start + k), rangeHash(tree, start + k, end))
}

export function rootAt(tree: TreeHashes, size: number): Buffer {
  checkSize(tree, size)
  return size === 0 ? EMPTY_ROOT : rangeHash(tree, 0, size)
}

/** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1: the sibling hashes from the leaf up to the root. */
export function inclusionProof(tree: TreeHashes, index: number, size: number): Buffer[] {
  checkSize(tree, size)
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`)
  const path = (start: number, end: number): Buffer[] => {
    if (end - start === 1) return []
    const k = splitPoint(end - start)
    return index < start + k ? [...path(start, start + k), rangeHash(tree, start + k, end)] : [...path(start + k, end), rangeHash(tree, start, start + k)]
  }
  return path(0, size)
}

/** PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1; empty when first is 0 or equals second. */
export function consistencyProof(tree: TreeHashes, first: number, second: number): Buffer[] {
  checkSize(tree, second)
  if (!Number.isSafeInteger(first) || first < 0 || first > second) throw new RangeError(`a tree of size ${first} cannot precede one of size ${second}`)
  if (first === 0 || first === second) return []
  const sub = (m: number, start: number, end: number, complete: boolean): Buffer[] => {
    const n = end - start
    if (m === n) return complete ? [] : [rangeHash(tree, start, end)]
    const k = splitPoint(n)
    return m <= k ? [...sub(m, start, start + k, complete), rangeHash(tree, start + k, end)] : [...sub(m - k, start + k, end, false), rangeHash(tree, start, start + k)]
  }
  return sub(first, 0, second, true)
}

function checkSize(tree: TreeHashes, size: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > tree.size) throw new RangeError(`the log has ${tree.size} leaves, not ${size}`)
}

/** RFC 9162 §2.1.3.2: does `proof` lead from the leaf hash at `index` to `root` in a tree of `size`? */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size || leaf.length !== HASH_BYTES) return false
  // BigInt keeps the bit arithmetic right past 2^31.
  let fn = BigInt(index)
  let sn = BigInt(size - 1)
  let r: Uint8Array = leaf
  for (const p of proof) {
    if (sn === 0n) return false
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r)
      if ((fn & 1n) === 0n) {
        do [fn, sn] = [fn >> 1n, sn >> 1n]
        while ((fn & 1n) === 0n && fn !== 0n)
      }
    } else r = nodeHash(r, p)
    fn >>= 1n
    sn >>= 1n
  }
  return sn === 0n && equal(r, root)
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of `first` leaves (root `firstRoot`) is a prefix of the
 * one of `second` (root `secondRoot`)? Always false for `first` 0: a proof from the empty tree proves nothing.
 */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false
  if (first === 0) return false
  if (first === second) return proof.length === 0 && equal(firstRoot, secondRoot)
  if (proof.length === 0) return false
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof]
  let fn = BigInt(first - 1)
  let sn = BigInt(second - 1)
  while ((fn & 1n) === 1n) [fn, sn] = [fn >> 1n, sn >> 1n]
  let fr = path[0] as Uint8Array
  let sr = fr
  for (const c of path.slice(1)) {
    if (sn === 0n) return false
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      if ((fn & 1n) === 0n) {
        do [fn, sn] = [fn >> 1n, sn >> 1n]
        while ((fn & 1n) === 0n && fn !== 0n)
      }
    } else sr = nodeHash(sr, c)
    fn >>= 1n
    sn >>= 1n
  }
  return sn === 0n && equal(fr, firstRoot) && equal(sr, secondRoot)
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0
}
