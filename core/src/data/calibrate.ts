import type { TableData } from '@bund/sdk'
import { createDraw, type Draw, type Seed } from './random.js'

/** Rows of the calibration sample that sets the intercept for a requested base rate. */
const CALIBRATION_ROWS = 8192

/** The uniform that decides row `i`'s label (a Bernoulli draw against its probability). */
export type LabelUniform = (row: number) => number

/**
 * Fills `rows` rows from `draw`, labels drawn with `intercept` from `labelUniform`; `logits` receives
 * each row's risk without the intercept, `probabilities` each row's true probability of its label.
 */
export type LabelledSimulation = (rows: number, draw: Draw, labelUniform: LabelUniform, intercept: number, logits?: Float64Array, probabilities?: Float64Array) => TableData

/** A labelled table and each row's true probability of its label. */
export interface LabelledTable {
  table: TableData
  probabilities: Float64Array
}

/**
 * Runs a labelled simulation at a requested base rate. The intercept comes from a fixed-size sample
 * of its own stream, so it depends on the seed and the rate only, never on the partition sizes.
 * `calibrateWith` (default: the same simulation) sets the intercept: a drifted population keeps
 * the undrifted one's, so its drift moves its default rate as it would in time.
 * Labels come from streams of their own, one per partition: recovering the state of the stream the
 * visible columns come from, or of the training labels', says nothing about the evaluation labels.
 */
export function simulateAtBaseRate(simulate: LabelledSimulation, rows: number, seed: Seed, stream: string, baseRate: number, trainingRows = 0, calibrateWith = simulate): LabelledTable {
  const logits = new Float64Array(CALIBRATION_ROWS)
  const calibration = createDraw(seed, `${stream}/calibration`)
  calibrateWith(CALIBRATION_ROWS, calibration, () => calibration.fast(), 0, logits)
  const training = createDraw(seed, `${stream}/labels/training`)
  const evaluation = createDraw(seed, `${stream}/labels/evaluation`)
  const probabilities = new Float64Array(rows)
  const table = simulate(rows, createDraw(seed, stream), (i) => (i < trainingRows ? training : evaluation).fast(), calibrateIntercept(logits, baseRate), undefined, probabilities)
  return { table, probabilities }
}

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
