/**
 * The hypergeometric upper tail, for one-sided Fisher's exact tests: P(X ≥ x) where X counts the
 * marked items among `draws` drawn without replacement from `population` items of which `marked`
 * are marked (scipy.stats.hypergeom.sf(x − 1, population, marked, draws)).
 */
export function hypergeometricUpperTail(x: number, population: number, marked: number, draws: number): number {
  const lo = Math.max(0, draws - (population - marked))
  const hi = Math.min(marked, draws)
  if (x <= lo) return 1
  if (x > hi) return 0
  const logTotal = logChoose(population, draws)
  let sum = 0
  for (let k = x; k <= hi; k++) sum += Math.exp(logChoose(marked, k) + logChoose(population - marked, draws - k) - logTotal)
  return Math.min(1, sum)
}

/** ln C(n, k). */
function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k)
}

const EXACT = 256
const LOG_FACTORIALS = (() => {
  const t = new Float64Array(EXACT)
  for (let i = 2; i < EXACT; i++) t[i] = t[i - 1]! + Math.log(i)
  return t
})()

/** ln n!: summed exactly below 256, Stirling's series above (error < 1e-15 relative there). */
export function logFactorial(n: number): number {
  if (n < EXACT) return LOG_FACTORIALS[n]!
  const inv = 1 / n
  const inv2 = inv * inv
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260))
}
