/**
 * Logistic regression on the same inputs, standardised, fitted by batch gradient descent. It is
 * both the base margin the trees boost from and, on its own, the challenger the validation
 * compares against (SR 11-7: benchmark models).
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

/** Fits on the `train` rows of `x` and `y`. */
export function fitLogistic(x: Columns, y: ArrayLike<number>, train: Int32Array, iterations = 200, rate = 0.5): Logistic {
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
  // Standardised training inputs, row-major: n × k.
  const z = new Float64Array(n * k)
  for (let m = 0; m < n; m++) for (let j = 0; j < k; j++) z[m * k + j] = (x[j]![train[m]!]! - mean[j]!) / sd[j]!
  const w = new Float64Array(k)
  let b = 0
  const grad = new Float64Array(k)
  for (let it = 0; it < iterations; it++) {
    grad.fill(0)
    let gb = 0
    for (let m = 0; m < n; m++) {
      let s = b
      for (let j = 0; j < k; j++) s += w[j]! * z[m * k + j]!
      const err = sigmoid(s) - y[train[m]!]!
      gb += err
      for (let j = 0; j < k; j++) grad[j] = grad[j]! + err * z[m * k + j]!
    }
    b -= (rate * gb) / n
    for (let j = 0; j < k; j++) w[j] = w[j]! - (rate * grad[j]!) / n
  }
  return { mean, sd, weights: w, bias: b }
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
