/**
 * A cash-flow scorecard: logistic regression on standardised inputs, fitted by batch gradient
 * descent on the training partition's default labels, with each input's contribution to the
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

/** Fits the scorecard: minimises log-loss with a little L2 regularisation. */
export function fit(features: readonly Feature[], label: ArrayLike<number>, iterations = 300, rate = 0.5, l2 = 1e-3): Scorecard {
  const k = features.length
  const { x, mean, sd } = standardise(features)
  const rows = label.length
  const w = new Float64Array(k)
  let b = 0
  const grad = new Float64Array(k)
  for (let it = 0; it < iterations; it++) {
    grad.fill(0)
    let gb = 0
    for (let i = 0; i < rows; i++) {
      let z = b
      for (let j = 0; j < k; j++) z += w[j]! * x[i * k + j]!
      const err = sigmoid(z) - label[i]!
      gb += err
      for (let j = 0; j < k; j++) grad[j] = grad[j]! + err * x[i * k + j]!
    }
    b -= (rate * gb) / rows
    for (let j = 0; j < k; j++) w[j] = w[j]! - rate * (grad[j]! / rows + l2 * w[j]!)
  }
  return { names: features.map((f) => f.name), reasons: features.map((f) => f.reason), mean, sd, weights: w, bias: b }
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
