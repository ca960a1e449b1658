/**
 * Sorting scores for the ranking metrics (AUC, KS). Scores are probabilities in [0, 1], so each
 * maps to a 32-bit key ⌊p · 2³²⌋ that never orders two scores the wrong way round; an LSD radix
 * sort on the key (three 11-bit digits, counts that fit in L1 cache) followed by an insertion pass
 * that orders the rare scores sharing a key makes the sort exact and several times faster than a
 * comparison sort on a million values. Anything outside [0, 1] falls back to the built-in sort.
 */
export function sortScores(values: Float64Array): Float64Array {
  const n = values.length
  if (n < 4096) return values.sort()
  let keys: Uint32Array = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    if (!(v >= 0 && v <= 1)) return values.sort()
    keys[i] = Math.min(v * 4294967296, 4294967295) >>> 0
  }
  let vals: Float64Array = values
  let keysOut: Uint32Array = new Uint32Array(n)
  let valsOut: Float64Array = new Float64Array(n)
  const count = new Uint32Array(2048)
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0)
    for (let i = 0; i < n; i++) count[(keys[i]! >>> shift) & 2047]!++
    let sum = 0
    for (let d = 0; d < 2048; d++) {
      const c = count[d]!
      count[d] = sum
      sum += c
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i]!
      const at = count[(k >>> shift) & 2047]!++
      keysOut[at] = k
      valsOut[at] = vals[i]!
    }
    ;[keys, keysOut] = [keysOut, keys]
    ;[vals, valsOut] = [valsOut, vals]
  }
  // Scores closer than 2⁻³² share a key and may be out of order: an insertion pass fixes them.
  for (let i = 1; i < n; i++) {
    const v = vals[i]!
    let j = i - 1
    if (!(vals[j]! > v)) continue
    while (j >= 0 && vals[j]! > v) {
      vals[j + 1] = vals[j]!
      j--
    }
    vals[j + 1] = v
  }
  if (vals !== values) values.set(vals)
  return values
}
