/**
 * Block hashing with SHA-256 from @noble/hashes (audited, dependency-free, bundled into the
 * scenario): RFC 6962 §2.1 Merkle tree hashes (leaf = H(0x00 ‖ data), node = H(0x01 ‖ left ‖
 * right), split at the largest power of two below n) and the block header hash that links each
 * block to its predecessor. The leaf and header encodings are the SDK's, so the host can recompute
 * every root and hash on its own.
 */
import { blockHeader } from '@bund/sdk'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** Reused buffer for a node: 0x01 ‖ left ‖ right. */
const node = new Uint8Array(65)
node[0] = 0x01

function treeHash(prefixedLeaves: readonly Uint8Array[], from: number, to: number): Uint8Array {
  if (to - from === 1) return sha256(prefixedLeaves[from]!)
  let k = 1
  while (k * 2 < to - from) k *= 2
  const left = treeHash(prefixedLeaves, from, from + k)
  const right = treeHash(prefixedLeaves, from + k, to)
  node.set(left, 1)
  node.set(right, 33)
  return sha256(node)
}

/**
 * The RFC 6962 Merkle tree hash, in hex (the hash of no bytes for no leaves), of leaves given
 * already prefixed with 0x00 (see prefixedLeaf).
 */
export function merkleRoot(prefixedLeaves: readonly Uint8Array[]): string {
  return bytesToHex(prefixedLeaves.length === 0 ? sha256(new Uint8Array(0)) : treeHash(prefixedLeaves, 0, prefixedLeaves.length))
}

/** The hash of a block header, in hex. */
export function headerHash(height: number, prevHash: string, root: string, size: number): string {
  return bytesToHex(sha256(blockHeader(height, prevHash, root, size)))
}
