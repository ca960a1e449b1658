/**
 * One round trip's statements in one socket write. On a pipelining client node-postgres writes
 * each statement to the socket as soon as it is queued: one write system call per statement, and
 * on loopback each one also wakes the server's backend. Corking the connection's socket while a
 * round trip's statements are queued sends them together (Node's Writable flushes a corked stream
 * once, with writev, when the outermost uncork comes; node-postgres corks each statement's own
 * messages the same way, nested inside this).
 */
import type pg from 'pg'

interface Corkable {
  cork?(): void
  uncork?(): void
}

/** Calls `send` (which queues statements on `client` synchronously) with the socket corked. */
export function together<T>(client: pg.ClientBase, send: () => T): T {
  const stream = (client as unknown as { connection?: { stream?: Corkable } }).connection?.stream
  stream?.cork?.()
  try {
    return send()
  } finally {
    stream?.uncork?.()
  }
}
