/** Counts of finite values in equal-width bins over [min, max]. */
export function histogram(values: ArrayLike<number>, bins: number, min: number, max: number, include?: (i: number) => boolean): number[] {
  const counts = new Array<number>(bins).fill(0)
  const width = (max - min) / bins || 1
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v) || (include !== undefined && !include(i))) continue
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)))
    counts[b]!++
  }
  return counts
}

/** The finite minimum and maximum of values (0..1 when there are none). */
export function extent(...arrays: Array<ArrayLike<number>>): [number, number] {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (!Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  }
  return lo > hi ? [0, 1] : lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi]
}

/** Bin labels such as "0.10–0.15". */
export function binLabels(bins: number, min: number, max: number, digits = 2): string[] {
  const width = (max - min) / bins
  return Array.from({ length: bins }, (_, b) => `${(min + b * width).toFixed(digits)}–${(min + (b + 1) * width).toFixed(digits)}`)
}

/** Rounds for display and compact JSON. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
