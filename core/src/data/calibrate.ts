/**
 * Sets a logistic model's intercept so that its mean probability over a sample equals a target
 * base rate: the mean is increasing in the intercept, so bisection finds it.
 */
export function calibrateIntercept(logits: Float64Array, baseRate: number): number {
  let lo = -30
  let hi = 30
  for (let iteration = 0; iteration < 60; iteration++) {
    const mid = (lo + hi) / 2
    let sum = 0
    for (let i = 0; i < logits.length; i++) sum += 1 / (1 + Math.exp(-(mid + (logits[i] as number))))
    if (sum / logits.length < baseRate) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
