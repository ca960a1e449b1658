/**
 * The transparency log's stored hashes in PostgreSQL (table log_hashes, the layout of
 * core/src/tlog/hash-file.ts: node (level, index) at `storedIndex(level, index)`). They are appended
 * in the same transaction as the audit entries they hash, under the chain's head lock, so the tree
 * and the chain are one line of history whatever the number of writers.
 */
import type pg from 'pg'
import { appendedHashes, olderHashesNeeded, storedCount, storedIndex } from '../../tlog/hash-file.js'
import type { NodePosition } from '../../tlog/tree.js'

/**
 * The stored hashes of the log's frontier (the roots of the complete subtrees on its right edge:
 * for each bit l set in the size n, node (l, (n >> l) − 1), stored at 2m − popcount(m) + l with
 * m = ((n >> l) << l) − 1), the size being the chain head's `audit_seq`. Appending leaves reads
 * no other earlier hash. Sent right after the head is locked, in the same transaction, so it sees
 * the head it locked (each statement reads what was committed before it started).
 */
export const FRONTIER_SQL = `SELECT idx, hash FROM log_hashes WHERE idx IN (
  SELECT 2 * m - length(replace(m::bit(64)::text, '0', '')) + l
  FROM (SELECT l, ((i.audit_seq >> l) << l) - 1 AS m FROM instance i, generate_series(0, 62) AS l WHERE (i.audit_seq >> l) & 1 = 1) f)`

/** The hashes appending `leaves` to a log of `size` leaves stores, at their indexes; `older` holds at least the earlier ones it reads. */
export function logHashesToAppend(size: number, leaves: readonly Uint8Array[], older: ReadonlyMap<number, Buffer>): { idx: number[]; hashes: Buffer[] } {
  const hashes = appendedHashes(size, leaves, (i) => {
    const h = older.get(i)
    if (h === undefined) throw new Error(`log hash ${i} is missing from the database`)
    return h
  })
  const start = storedCount(size)
  return { idx: hashes.map((_, k) => start + k), hashes }
}

/** Appends the hashes of `leaves` to a log of `size` leaves, inside the caller's transaction. */
export async function appendLogHashes(client: pg.ClientBase, size: number, leaves: readonly Uint8Array[]): Promise<void> {
  if (leaves.length === 0) return
  const needed = olderHashesNeeded(size, leaves.length)
  const older = new Map<number, Buffer>()
  if (needed.length > 0) {
    const rows = await client.query<{ idx: string; hash: Buffer }>('SELECT idx, hash FROM log_hashes WHERE idx = ANY($1::bigint[])', [needed])
    for (const r of rows.rows) older.set(Number(r.idx), r.hash)
  }
  const { idx, hashes } = logHashesToAppend(size, leaves, older)
  await client.query('INSERT INTO log_hashes (idx, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])', [idx, hashes])
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
