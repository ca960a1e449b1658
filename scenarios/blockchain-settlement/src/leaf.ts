/**
 * Leaf bytes for the Merkle tree: exactly the SDK's `outcomeLeaf` encoding (the UTF-8 JSON array
 * `[seq, endToEndId, status, reason, entries]`), with the RFC 6962 leaf prefix 0x00 in front so the
 * leaf hash is one SHA-256 call. Settlement JSON is ASCII (BICs, ids, codes, numbers), so a
 * character-code copy is the encoding; anything else goes through the SDK's UTF-8 encoder.
 */
import { type LeafEntry, utf8 } from '@bund/sdk'

export function prefixedLeaf(seq: number, endToEndId: string, status: string, reason: string, entries: readonly LeafEntry[]): Uint8Array {
  const json = JSON.stringify([seq, endToEndId, status, reason, entries])
  const out = new Uint8Array(json.length + 1)
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c >= 0x80) {
      const bytes = utf8(json)
      const wide = new Uint8Array(bytes.length + 1)
      wide.set(bytes, 1)
      return wide
    }
    out[i + 1] = c
  }
  return out
}
