/**
 * Answers a node keeps for a short, fixed time: what another node changes meanwhile reaches this
 * one after at most `ttlMs`. PgStore keeps two such answers (README, "Reads"): a live token by its
 * hash (a revocation on another node takes effect here within the bound) and the newest version
 * of a scenario (a version registered on another node becomes "latest" here within it). What this
 * node changes itself it drops at once (`clear`). Concurrent look-ups of one key share one query;
 * a failed or empty look-up is not kept; at most `max` keys, then everything is dropped.
 */
export class ShortLived<V> {
  readonly #entries = new Map<string, { value: Promise<V | undefined>; until: number }>()

  constructor(
    readonly ttlMs: number,
    readonly max = 1_000,
  ) {}

  get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = Date.now()
    const kept = this.#entries.get(key)
    if (kept !== undefined && kept.until > now) return kept.value
    if (this.#entries.size >= this.max) this.#entries.clear()
    const value = load()
    const entry = { value, until: now + this.ttlMs }
    this.#entries.set(key, entry)
    const drop = () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key)
    }
    value.then((v) => v === undefined && drop(), drop)
    return value
  }

  clear(): void {
    this.#entries.clear()
  }
}
