/**
 * The exactly rounded sum of floating-point numbers (Shewchuk, "Adaptive Precision Floating-Point
 * Arithmetic", 1997; the algorithm of Python's math.fsum): partial sums that together hold the sum
 * without error, rounded once at the end. The host's recomputed cell sums and means are then the
 * same whatever the order of the rows, so a tight tolerance measures the scenario's rounding only.
 */
export class ExactSum {
  /** Non-overlapping partials, increasing in magnitude, the first #count of them; their sum is exact. */
  readonly #partials: number[] = []
  #count = 0
  /** The sum of the non-finite terms (an infinity or NaN makes the sum one). */
  #special = 0

  add(value: number): void {
    if (!Number.isFinite(value)) {
      this.#special += value
      return
    }
    const p = this.#partials
    let x = value
    let i = 0
    for (let j = 0; j < this.#count; j++) {
      let y = p[j]!
      if (Math.abs(x) < Math.abs(y)) {
        const t = x
        x = y
        y = t
      }
      const hi = x + y
      const lo = y - (hi - x)
      if (lo !== 0) p[i++] = lo
      x = hi
    }
    // Written in place (the array only ever grows by one): no reallocation per term.
    p[i] = x
    this.#count = i + 1
  }

  /** The sum, rounded once to the nearest double (ties to even). */
  value(): number {
    if (this.#special !== 0) return this.#special
    const p = this.#partials
    let n = this.#count
    if (n === 0) return 0
    let hi = p[--n]!
    let lo = 0
    while (n > 0) {
      const x = hi
      const y = p[--n]!
      hi = x + y
      lo = y - (hi - x)
      if (lo !== 0) break
    }
    // Round half-even across the partials below: correct hi when lo is exactly half an ulp and the
    // next partial pushes it further the same way.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2
      const x = hi + y
      if (y === x - hi) hi = x
    }
    return hi
  }
}
