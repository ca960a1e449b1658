/**
 * Logistic regression on the same inputs, standardised, fitted to convergence by Newton's method
 * (iteratively reweighted least squares). It is both the base margin the trees boost from and, on
 * its own, the challenger the validation compares against (SR 11-7: benchmark models).
 */
import type { Columns } from './gbt.js'

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/** A fitted logistic model: standardisation and weights. */
export interface Logistic {
  mean: Float64Array
  sd: Float64Array
  weights: Float64Array
  bias: number
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
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / a[c * n + c]!
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

/** Fits on the `train` rows of `x` and `y`: log-loss plus a light ridge (`l2` × rows / 2 × ‖w‖²). */
export function fitLogistic(x: Columns, y: ArrayLike<number>, train: Int32Array, l2 = 1e-4, maxSteps = 25): Logistic {
  const k = x.length
  const n = train.length
  const mean = new Float64Array(k)
  const sd = new Float64Array(k)
  for (let j = 0; j < k; j++) {
    const c = x[j]!
    let s = 0
    for (let m = 0; m < n; m++) s += c[train[m]!]!
    mean[j] = s / n
    let ss = 0
    for (let m = 0; m < n; m++) ss += (c[train[m]!]! - mean[j]!) ** 2
    sd[j] = Math.sqrt(ss / n) || 1
  }
  // Standardised training inputs with a last column of ones, row-major: n × (k + 1).
  const p = k + 1
  const z = new Float64Array(n * p)
  for (let m = 0; m < n; m++) {
    for (let j = 0; j < k; j++) z[m * p + j] = (x[j]![train[m]!]! - mean[j]!) / sd[j]!
    z[m * p + k] = 1
  }
  const theta = new Float64Array(p)
  const hessian = new Float64Array(p * p)
  const gradient = new Float64Array(p)
  for (let step = 0; step < maxSteps; step++) {
    hessian.fill(0)
    gradient.fill(0)
    for (let m = 0; m < n; m++) {
      let s = 0
      for (let j = 0; j < p; j++) s += theta[j]! * z[m * p + j]!
      const q = sigmoid(s)
      const err = q - y[train[m]!]!
      const w = q * (1 - q)
      for (let a = 0; a < p; a++) {
        const za = z[m * p + a]!
        gradient[a] = gradient[a]! + err * za
        for (let b = a; b < p; b++) hessian[a * p + b] = hessian[a * p + b]! + w * za * z[m * p + b]!
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) hessian[a * p + b] = hessian[b * p + a]!
    for (let j = 0; j < k; j++) {
      gradient[j] = gradient[j]! + l2 * n * theta[j]!
      hessian[j * p + j] = hessian[j * p + j]! + l2 * n
    }
    const delta = solve(hessian, gradient, p)
    let moved = 0
    for (let a = 0; a < p; a++) {
      theta[a] = theta[a]! - delta[a]!
      moved = Math.max(moved, Math.abs(delta[a]!))
    }
    if (moved < 1e-9) break
  }
  return { mean, sd, weights: theta.slice(0, k), bias: theta[k]! }
}

/** The model's log-odds for every row of `x`. */
export function logisticLogOdds(model: Logistic, x: Columns): Float64Array {
  const rows = x[0]?.length ?? 0
  const out = new Float64Array(rows).fill(model.bias)
  for (let j = 0; j < x.length; j++) {
    const c = x[j]!
    const w = model.weights[j]! / model.sd[j]!
    const m = model.mean[j]!
    for (let r = 0; r < rows; r++) out[r] = out[r]! + w * (c[r]! - m)
  }
  return out
}
