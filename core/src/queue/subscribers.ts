/** Listeners of each entry's events, by entry id; a listener's failure (a closed stream) never reaches the others. */
export class Subscribers<E> {
  readonly #byId = new Map<string, Set<(event: E) => void>>()

  /** Adds a listener; returns the unsubscribe function. */
  add(id: string, listener: (event: E) => void): () => void {
    let set = this.#byId.get(id)
    if (set === undefined) this.#byId.set(id, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.#byId.delete(id)
    }
  }

  emit(id: string, event: E): void {
    for (const listener of this.#byId.get(id) ?? []) {
      try {
        listener(event)
      } catch {
        // A subscriber's failure must not disturb the run or the other subscribers.
      }
    }
  }

  /** Forgets an entry's listeners (it is done). */
  drop(id: string): void {
    this.#byId.delete(id)
  }
}
