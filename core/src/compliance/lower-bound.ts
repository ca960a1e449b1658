/** The first index of an ascending array whose value is not below `x` (its length when none is). */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
