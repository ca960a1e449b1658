/**
 * A logistic scorecard: standardised features, fitted by batch gradient descent on the training
 * partition's default labels. Small enough to read, deterministic, and fast on 2 cores.
 */
import type { ReasonCode } from '@bund/sdk'

/** One model input: how to compute it from an applicant, and the reason a high-risk value gives. */
export interface Feature {
  name: string
  reason: ReasonCode
  value: (row: number) => number
}

export interface Scorecard {
  features: string[]
  reasons: ReasonCode[]
  mean: Float64Array
  sd: Float64Array
  weights: Float64Array
  bias: number
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/** Standardised feature matrix, row-major: rows × features. */
function matrix(features: readonly Feature[], rows: number, mean?: Float64Array, sd?: Float64Array) {
  const k = features.length
  const x = new Float64Array(rows * k)
  for (let j = 0; j < k; j++) {
    const f = features[j]!
    for (let i = 0; i < rows; i++) x[i * k + j] = f.value(i)
  }
  const m = mean ?? new Float64Array(k)
  const s = sd ?? new Float64Array(k)
  if (mean === undefined || sd === undefined) {
    for (let j = 0; j < k; j++) {
      let sum = 0
      for (let i = 0; i < rows; i++) sum += x[i * k + j]!
      m[j] = sum / rows
      let ss = 0
      for (let i = 0; i < rows; i++) ss += (x[i * k + j]! - m[j]!) ** 2
      s[j] = Math.sqrt(ss / rows) || 1
    }
  }
  for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) x[i * k + j] = (x[i * k + j]! - m[j]!) / s[j]!
  return { x, mean: m, sd: s }
}

/** Fits the scorecard: minimises log-loss with a little L2 regularisation. */
export function fit(features: readonly Feature[], rows: number, label: ArrayLike<number>, iterations = 300, rate = 0.5, l2 = 1e-3): Scorecard {
  const k = features.length
  const { x, mean, sd } = matrix(features, rows, undefined, undefined)
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
      for (let j = 0; j < k; j++) grad[j]! += err * x[i * k + j]!
    }
    b -= (rate * gb) / rows
    for (let j = 0; j < k; j++) w[j]! -= rate * (grad[j]! / rows + l2 * w[j]!)
  }
  return { features: features.map((f) => f.name), reasons: features.map((f) => f.reason), mean, sd, weights: w, bias: b }
}

/** Scores applicants: probability of default, and each feature's contribution to the log-odds. */
export function score(card: Scorecard, features: readonly Feature[], rows: number) {
  const k = features.length
  const { x } = matrix(features, rows, card.mean, card.sd)
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

/** The reasons behind a decline: the features that raised the risk most, largest first. */
export function topReasons(card: Scorecard, contributions: Float64Array, row: number, max: number): ReasonCode[] {
  const k = card.features.length
  const order = Array.from({ length: k }, (_, j) => j)
    .filter((j) => contributions[row * k + j]! > 0)
    .sort((a, b) => contributions[row * k + b]! - contributions[row * k + a]!)
  const reasons: ReasonCode[] = []
  for (const j of order) {
    const r = card.reasons[j]!
    if (!reasons.includes(r)) reasons.push(r)
    if (reasons.length === max) break
  }
  return reasons
}
