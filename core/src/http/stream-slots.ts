/**
 * Caps on long-lived event streams (GET /runs/{id}/events): at most `perKey` open at once for one
 * token and `total` in all, so a client cannot hold the server's sockets and memory with streams.
 */
import { BundError } from '../kernel/index.js'

export class StreamSlots {
  readonly #open = new Map<string, number>()
  #total = 0

  constructor(
    readonly perKey: number,
    readonly total: number,
  ) {}

  /** Takes a slot for `key` (a token id) or throws RATE_LIMITED; call the returned function once the stream ends. */
  acquire(key: string): () => void {
    const mine = this.#open.get(key) ?? 0
    if (this.#total >= this.total) throw new BundError('RATE_LIMITED', `the server has ${this.#total} event streams open, its limit; retry shortly`, { retryAfterSeconds: 5 })
    if (mine >= this.perKey) throw new BundError('RATE_LIMITED', `this token already has ${mine} event streams open (limit ${this.perKey}); close one first`, { retryAfterSeconds: 5 })
    this.#open.set(key, mine + 1)
    this.#total++
    let released = false
    return () => {
      if (released) return
      released = true
      this.#total--
      const left = (this.#open.get(key) ?? 1) - 1
      if (left <= 0) this.#open.delete(key)
      else this.#open.set(key, left)
    }
  }
}
