/**
 * The label-reconstruction attack: everything here is public — the run's seed (ctx.seed), the
 * per-dataset seed derivation, the stream names and the credit-applicants generator, ported from
 * the published source. Rebuilding the table from them gives the hidden `defaulted` labels exactly
 * when the data was drawn from the public seed; under blind evaluation (a keyed run) it gives
 * nothing but noise.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

type Rng = ReturnType<typeof xoroshiro128plus>

class Draw {
  #spare = Number.NaN
  constructor(readonly rng: Rng) {}
  uniform(): number {
    return uniformFloat64(this.rng)
  }
  fast(): number {
    return (this.rng.next() >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.fast() * n)
  }
  normal(): number {
    const spare = this.#spare
    if (spare === spare) {
      this.#spare = Number.NaN
      return spare
    }
    let x: number
    let y: number
    let s: number
    do {
      x = 2 * this.uniform() - 1
      y = 2 * this.uniform() - 1
      s = x * x + y * y
    } while (s >= 1 || s === 0)
    const f = Math.sqrt((-2 * Math.log(s)) / s)
    this.#spare = y * f
    return x * f
  }
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform())
  }
}

function createDraw(seed: number, stream: string): Draw {
  let h = seed | 0
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193)
  return new Draw(xoroshiro128plus(h))
}

function datasetSeed(seed: number, name: string): number {
  let h = seed >>> 0
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0
  return h
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x)
const TERMS = [12, 24, 36, 48, 60]

/** Rows of the public generator: each row's risk (no intercept), its income, and its label uniform. */
function simulate(rows: number, draw: Draw, label: (i: number) => number) {
  const logit = new Float64Array(rows)
  const income = new Float64Array(rows)
  const u = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    draw.fast()
    const rural = draw.fast() < 0.35
    const a = clamp(Math.round(41 + 12 * draw.normal()), 21, 75)
    const emp = Math.round(Math.min(a - 18, draw.exponential(7)) * 10) / 10
    const logIncome = (rural ? Math.log(58_000) : Math.log(95_000)) + 0.015 * (Math.min(a, 55) - 40) + 0.02 * Math.min(emp, 20) + 0.45 * draw.normal() + Math.log(1)
    const inc = Math.round(Math.exp(logIncome) / 100) * 100
    income[i] = inc
    const hist = Math.round(Math.min((a - 18) * 12, draw.exponential(90)))
    const v = draw.fast()
    const delinq = v < 0.75 ? 0 : v < 0.9 ? 1 : v < 0.96 ? 2 : v < 0.99 ? 3 : 4 + draw.int(3)
    const loans = Math.min(9, Math.floor(draw.exponential(1.5)))
    const dti = Math.round(clamp(0.32 + 0.14 * draw.normal() + 0.04 * loans, 0.01, 1.5) * 1000) / 1000
    const requested = Math.max(1000, Math.round((inc * (0.1 + 0.9 * draw.fast())) / 500) * 500)
    void TERMS[draw.int(5)]
    logit[i] = -1.1 * (logIncome - Math.log(75_000)) + 3 * (dti - 0.32) + 0.55 * delinq - 0.004 * (hist - 90) - 0.04 * (emp - 7) + 0.8 * (requested / inc - 0.55) + 0.12 * loans
    u[i] = label(i)
  }
  return { logit, income, u }
}

/** The rebuilt evaluation labels, and whether the rebuilt incomes match the visible ones (the attack worked). */
export function rebuildLabels(seed: number, dataset: string, trainingRows: number, rows: number, visibleIncome: ArrayLike<number>, baseRate = 0.2): { labels: Uint8Array; matched: boolean } {
  const s = datasetSeed(seed, dataset)
  const calibration = createDraw(s, 'credit-applicants/calibration')
  const sample = simulate(8192, calibration, () => calibration.fast())
  let lo = -30
  let hi = 30
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2
    let sum = 0
    for (let i = 0; i < 8192; i++) sum += 1 / (1 + Math.exp(-(mid + sample.logit[i]!)))
    if (sum / 8192 < baseRate) lo = mid
    else hi = mid
  }
  const intercept = (lo + hi) / 2
  const training = createDraw(s, 'credit-applicants/labels/training')
  const evaluation = createDraw(s, 'credit-applicants/labels/evaluation')
  const all = simulate(trainingRows + rows, createDraw(s, 'credit-applicants'), (i) => (i < trainingRows ? training : evaluation).fast())
  const labels = new Uint8Array(rows)
  let matched = true
  for (let i = 0; i < rows; i++) {
    const r = trainingRows + i
    labels[i] = all.u[r]! < 1 / (1 + Math.exp(-(intercept + all.logit[r]!))) ? 1 : 0
    if (all.income[r] !== visibleIncome[i]) matched = false
  }
  return { labels, matched }
}

/**
 * The transactions generator's untraceable laundering legs, rebuilt from the public seed: its label
 * stream draws one uniform per row (training rows first), and an ordinary row below the rate
 * (launderingRate × UNTRACEABLE_SHARE, 0.1) is laundering. Rows below the rate are returned for the
 * evaluation partition; a planted leg among them is laundering anyway.
 */
export function rebuildUntraceable(seed: number, dataset: string, trainingRows: number, rows: number, launderingRate: number): Uint8Array {
  const draw = createDraw(datasetSeed(seed, dataset), 'transactions/labels/untraceable')
  const rate = launderingRate * 0.1
  const out = new Uint8Array(rows)
  for (let i = 0; i < trainingRows + rows; i++) {
    const below = draw.fast() < rate
    if (i >= trainingRows && below) out[i - trainingRows] = 1
  }
  return out
}
