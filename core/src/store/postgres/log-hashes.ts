/**
 * The transparency log's stored hashes in PostgreSQL (table log_hashes, the layout of
 * core/src/tlog/hash-file.ts: node (level, index) at `storedIndex(level, index)`). They are appended
 * in the same transaction as the audit entries they hash, under the chain's head lock, so the tree
 * and the chain are one line of history whatever the number of writers.
 */
import type pg from 'pg'
import { appendedHashes, olderHashesNeeded, storedCount, storedIndex } from '../../tlog/hash-file.js'
import type { NodePosition } from '../../tlog/tree.js'

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

/** The stored hashes of complete subtrees of a log of `size` leaves, in one query. */
export async function readLogHashes(db: pg.Pool | pg.ClientBase, size: number, positions: readonly NodePosition[]): Promise<Buffer[]> {
  const indexes = positions.map(([level, index]) => {
    if ((index + 1) * 2 ** level > size) throw new RangeError(`node (${level}, ${index}) is not complete in a log of ${size} leaves`)
    return storedIndex(level, index)
  })
  if (indexes.length === 0) return []
  const rows = await db.query<{ idx: string; hash: Buffer }>('SELECT idx, hash FROM log_hashes WHERE idx = ANY($1::bigint[])', [indexes])
  const byIndex = new Map(rows.rows.map((r) => [Number(r.idx), r.hash]))
  return indexes.map((i) => {
    const hash = byIndex.get(i)
    if (hash === undefined) throw new Error(`log hash ${i} is missing from the database`)
    return hash
  })
}
