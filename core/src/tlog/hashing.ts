/**
 * RFC 9162 §2.1.1 hashing: a leaf is sha256(0x00 ‖ data), an interior node sha256(0x01 ‖ left ‖ right).
 * The prefixes keep a leaf from ever being read as a node (second-preimage resistance).
 */
import { createHash } from 'node:crypto'

export const HASH_BYTES = 32

/** The root of the empty tree: sha256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest()

const LEAF = Buffer.from([0])
const NODE = Buffer.from([1])

export function leafHash(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(LEAF).update(data).digest()
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest()
}
