/**
 * A cash-flow scorecard: logistic regression on standardised inputs, fitted by Newton's method
 * (iteratively reweighted least squares: a handful of exact steps instead of hundreds of gradient
 * steps) on the training partition's default labels, with each input's contribution to the
 * log-odds kept so a decline can state its principal reasons.
 */
import type { ReasonCode } from '@bund/sdk'

/** One model input: its name, the reason a high-risk value gives, and its value per row. */
export interface Feature {
  name: string
  reason: ReasonCode
  values: Float64Array
}

/** A fitted scorecard. */
export interface Scorecard {
  names: string[]
  reasons: ReasonCode[]
  mean: Float64Array
  sd: Float64Array
  weights: Float64Array
  bias: number
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/** Standardised inputs, row-major (rows × features), with the training means and deviations. */
function standardise(features: readonly Feature[], mean?: Float64Array, sd?: Float64Array) {
  const k = features.length
  const rows = features[0]?.values.length ?? 0
  const m = mean ?? new Float64Array(k)
  const s = sd ?? new Float64Array(k)
  const x = new Float64Array(rows * k)
  for (let j = 0; j < k; j++) {
    const v = features[j]!.values
    if (mean === undefined || sd === undefined) {
      let sum = 0
      for (let i = 0; i < rows; i++) sum += v[i]!
      m[j] = sum / rows
      let ss = 0
      for (let i = 0; i < rows; i++) ss += (v[i]! - m[j]!) ** 2
      s[j] = Math.sqrt(ss / rows) || 1
    }
    for (let i = 0; i < rows; i++) x[i * k + j] = (v[i]! - m[j]!) / s[j]!
  }
  return { x, mean: m, sd: s }
}

/** Solves a·x = b for a small dense system (Gaussian elimination, partial pivoting); a and b are overwritten. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let pivot = c
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[pivot * n + c]!)) pivot = r
    if (pivot !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[pivot * n + k]] = [a[pivot * n + k]!, a[c * n + k]!]
      ;[b[c], b[pivot]] = [b[pivot]!, b[c]!]
    }
    const d = a[c * n + c]!
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / d
      if (f === 0) continue
      for (let k = c; k < n; k++) a[r * n + k] = a[r * n + k]! - f * a[c * n + k]!
      b[r] = b[r]! - f * b[c]!
    }
  }
  const x = new Float64Array(n)
  for (let r = n - 1; r >= 0; r--) {
    let sum = b[r]!
    for (let k = r + 1; k < n; k++) sum -= a[r * n + k]! * x[k]!
    x[r] = sum / a[r * n + r]!
  }
  return x
}

/**
 * Fits the scorecard: minimises the log-loss plus `l2` × rows / 2 × ‖weights‖² (the intercept is not
 * penalised) by Newton steps until no coefficient moves by more than 1e-9.
 */
export function fit(features: readonly Feature[], label: ArrayLike<number>, l2 = 1e-3, maxSteps = 25): Scorecard {
  const k = features.length
  const n = k + 1 // the intercept is parameter k
  const { x, mean, sd } = standardise(features)
  const rows = label.length
  const theta = new Float64Array(n)
  const hessian = new Float64Array(n * n)
  const gradient = new Float64Array(n)
  const row = new Float64Array(n)
  row[k] = 1
  for (let step = 0; step < maxSteps; step++) {
    hessian.fill(0)
    gradient.fill(0)
    for (let i = 0; i < rows; i++) {
      let z = theta[k]!
      for (let j = 0; j < k; j++) {
        row[j] = x[i * k + j]!
        z += theta[j]! * row[j]!
      }
      const p = sigmoid(z)
      const err = p - label[i]!
      const w = p * (1 - p)
      for (let a = 0; a < n; a++) {
        gradient[a] = gradient[a]! + err * row[a]!
        for (let b = a; b < n; b++) hessian[a * n + b] = hessian[a * n + b]! + w * row[a]! * row[b]!
      }
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) hessian[a * n + b] = hessian[b * n + a]!
    for (let j = 0; j < k; j++) {
      gradient[j] = gradient[j]! + l2 * rows * theta[j]!
      hessian[j * n + j] = hessian[j * n + j]! + l2 * rows
    }
    const delta = solve(hessian, gradient, n)
    let moved = 0
    for (let a = 0; a < n; a++) {
      theta[a] = theta[a]! - delta[a]!
      moved = Math.max(moved, Math.abs(delta[a]!))
    }
    if (moved < 1e-9) break
  }
  return { names: features.map((f) => f.name), reasons: features.map((f) => f.reason), mean, sd, weights: theta.slice(0, k), bias: theta[k]! }
}

/** Probability of default per row, and each input's contribution to the log-odds (rows × features). */
export function score(card: Scorecard, features: readonly Feature[]) {
  const k = features.length
  const { x } = standardise(features, card.mean, card.sd)
  const rows = x.length / k
  const pd = new Float64Array(rows)
  const contributions = new Float64Array(rows * k)
  for (let i = 0; i < rows; i++) {
    let z = card.bias
    for (let j = 0; j < k; j++) {
      const c = card.weights[j]! * x[i * k + j]!
      contributions[i * k + j] = c
      z += c
    }
    pd[i] = sigmoid(z)
  }
  return { pd, contributions }
}

/**
 * The principal reasons behind a decline: the inputs that raised the risk most, largest first,
 * distinct, at most `max`. When none raised it above average, the largest contribution still names one.
 */
export function topReasons(card: Scorecard, contributions: Float64Array, row: number, max: number): ReasonCode[] {
  const k = card.names.length
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => contributions[row * k + b]! - contributions[row * k + a]!)
  const reasons: ReasonCode[] = []
  for (const j of order) {
    if (contributions[row * k + j]! <= 0 && reasons.length > 0) break
    const r = card.reasons[j]!
    if (!reasons.includes(r)) reasons.push(r)
    if (reasons.length === max) break
  }
  return reasons
}
