/**
 * The transparency log's stored hashes in PostgreSQL (table log_hashes, the layout of
 * core/src/tlog/hash-file.ts: node (level, index) at `storedIndex(level, index)`). They are appended
 * in the same transaction as the audit entries they hash, under the chain's head lock, so the tree
 * and the chain are one line of history whatever the number of writers.
 */
import type pg from 'pg'
import { HASH_BYTES } from '../../tlog/hashing.js'
import { appendedHashes, olderHashesNeeded, storedCount, storedIndex } from '../../tlog/hash-file.js'
import type { TreeHashes } from '../../tlog/tree.js'

/** Appends the hashes of `leaves` to a log of `size` leaves, inside the caller's transaction. */
export async function appendLogHashes(client: pg.ClientBase, size: number, leaves: readonly Uint8Array[]): Promise<void> {
  if (leaves.length === 0) return
  const needed = olderHashesNeeded(size, leaves.length)
  const older = new Map<number, Buffer>()
  if (needed.length > 0) {
    const rows = await client.query<{ idx: string; hash: Buffer }>('SELECT idx, hash FROM log_hashes WHERE idx = ANY($1::bigint[])', [needed])
    for (const r of rows.rows) older.set(Number(r.idx), r.hash)
  }
  const hashes = appendedHashes(size, leaves, (i) => {
    const h = older.get(i)
    if (h === undefined) throw new Error(`log hash ${i} is missing from the database`)
    return h
  })
  const start = storedCount(size)
  await client.query('INSERT INTO log_hashes (idx, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])', [hashes.map((_, k) => start + k), hashes])
}

/**
 * A process's copy of the stored hashes, caught up incrementally (only hashes it lacks are read),
 * so a proof's O(log n) node reads are memory reads. 32 bytes per stored hash: 64 MB per million entries.
 */
export class LogHashMirror implements TreeHashes {
  #bytes = Buffer.alloc(0)
  #count = 0
  #size = 0

  get size(): number {
    return this.#size
  }

  node(level: number, index: number): Buffer {
    if ((index + 1) * 2 ** level > this.#size) throw new RangeError(`node (${level}, ${index}) is not complete in a log of ${this.#size} leaves`)
    const i = storedIndex(level, index)
    return Buffer.from(this.#bytes.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES))
  }

  /** Reads what was appended since the last refresh; the size and the hashes come from one snapshot. */
  async refresh(pool: pg.Pool): Promise<this> {
    const r = await pool.query<{ size: string; idx: string | null; hash: Buffer | null }>(
      'WITH h AS (SELECT audit_seq AS size FROM instance) SELECT h.size, l.idx, l.hash FROM h LEFT JOIN log_hashes l ON l.idx >= $1 ORDER BY l.idx',
      [this.#count],
    )
    const size = Number(r.rows[0]?.size ?? 0)
    const fresh = r.rows.filter((row) => row.hash !== null)
    const wanted = storedCount(size)
    if (this.#count + fresh.length < wanted) throw new Error(`the database holds ${this.#count + fresh.length} log hashes, a log of ${size} leaves needs ${wanted}`)
    const add = wanted - this.#count
    if (add > 0) {
      const needed = wanted * HASH_BYTES
      if (this.#bytes.length < needed) {
        const grown = Buffer.alloc(Math.max(needed, this.#bytes.length * 2))
        this.#bytes.copy(grown, 0, 0, this.#count * HASH_BYTES)
        this.#bytes = grown
      }
      for (let k = 0; k < add; k++) (fresh[k]?.hash as Buffer).copy(this.#bytes, (this.#count + k) * HASH_BYTES)
      this.#count = wanted
    }
    this.#size = size
    return this
  }
}
