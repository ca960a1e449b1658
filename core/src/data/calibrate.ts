import type { TableData } from '@bund/sdk'
import { createDraw, type Draw } from './random.js'

/** Rows of the calibration sample that sets the intercept for a requested base rate. */
const CALIBRATION_ROWS = 8192

/** Fills `rows` rows from `draw`, labels drawn with `intercept`; `logits` receives each row's risk without it. */
export type LabelledSimulation = (rows: number, draw: Draw, intercept: number, logits?: Float64Array) => TableData

/**
 * Runs a labelled simulation at a requested base rate. The intercept comes from a fixed-size sample
 * of its own stream, so it depends on the seed and the rate only, never on the partition sizes.
 */
export function simulateAtBaseRate(simulate: LabelledSimulation, rows: number, seed: number, stream: string, baseRate: number): TableData {
  const logits = new Float64Array(CALIBRATION_ROWS)
  simulate(CALIBRATION_ROWS, createDraw(seed, `${stream}/calibration`), 0, logits)
  return simulate(rows, createDraw(seed, stream), calibrateIntercept(logits, baseRate))
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
