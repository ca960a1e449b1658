/**
 * GARCH(1,1) volatility (Bollerslev 1986): σ²ₜ = ω + α·r²ₜ₋₁ + β·σ²ₜ₋₁, fitted by Gaussian
 * quasi-maximum likelihood with variance targeting (ω = v̄·(1 − α − β), v̄ the sample second
 * moment), so only α and β are searched: a coarse grid, then a finer one around the best point.
 * EWMA (RiskMetrics 1996) is the special case ω = 0, α = 1 − λ, β = λ.
 */

export interface Garch {
  omega: number
  alpha: number
  beta: number
}

/** The one-day-ahead variance for every day: entry t uses returns before t only. */
export function filterVariance(model: Garch, returns: Float64Array, initial: number): Float64Array {
  const v = new Float64Array(returns.length)
  let s2 = initial
  for (let t = 0; t < returns.length; t++) {
    v[t] = s2
    s2 = model.omega + model.alpha * returns[t]! ** 2 + model.beta * s2
  }
  return v
}

/** Gaussian log-likelihood (up to a constant) of returns[from..to) under the model. */
function logLikelihood(model: Garch, returns: Float64Array, to: number, initial: number): number {
  let s2 = initial
  let ll = 0
  for (let t = 0; t < to; t++) {
    ll -= Math.log(s2) + returns[t]! ** 2 / s2
    s2 = model.omega + model.alpha * returns[t]! ** 2 + model.beta * s2
  }
  return ll / 2
}

/** Sample second moment of returns[0..to): the long-run variance the fit targets. */
export function secondMoment(returns: Float64Array, to: number): number {
  let s = 0
  for (let t = 0; t < to; t++) s += returns[t]! ** 2
  return s / Math.max(1, to)
}

/** Fits α and β on returns[0..to) (the training days). */
export function fitGarch(returns: Float64Array, to: number): Garch & { logLikelihood: number; longRunVariance: number } {
  const v = secondMoment(returns, to)
  let best = { omega: v * 0.1, alpha: 0.05, beta: 0.85, logLikelihood: Number.NEGATIVE_INFINITY }
  const search = (alphas: number[], betas: number[]) => {
    for (const alpha of alphas) {
      for (const beta of betas) {
        if (alpha <= 0 || beta < 0 || alpha + beta >= 0.999) continue
        const model = { omega: v * (1 - alpha - beta), alpha, beta }
        const ll = logLikelihood(model, returns, to, v)
        if (ll > best.logLikelihood) best = { ...model, logLikelihood: ll }
      }
    }
  }
  const range = (from: number, upto: number, step: number) => Array.from({ length: Math.round((upto - from) / step) + 1 }, (_, i) => from + i * step)
  search(range(0.01, 0.3, 0.01), range(0.5, 0.99, 0.01))
  search(range(best.alpha - 0.009, best.alpha + 0.009, 0.001), range(best.beta - 0.009, best.beta + 0.009, 0.001))
  return { ...best, longRunVariance: v }
}

/** RiskMetrics EWMA as a GARCH model. */
export function ewma(lambda: number): Garch {
  return { omega: 0, alpha: 1 - lambda, beta: lambda }
}
