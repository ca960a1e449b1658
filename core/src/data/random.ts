/**
 * Fast seeded draws for the generators, on pure-rand's xoroshiro128+ (the same stream on every
 * machine and Node version: it is plain 32-bit integer arithmetic, and the transforms below use
 * only IEEE arithmetic, Math.sqrt and V8's own fdlibm ports of Math.log and Math.exp, which give
 * the same bits on every platform).
 */
import { createHash } from 'node:crypto'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'

type Generator = ReturnType<typeof xoroshiro128plus>

const TWO_POW_32 = 4294967296

/** A draw source: one seeded stream and the distributions the generators need. */
export class Draw {
  readonly #rng: Generator
  /** The second value of the last Box–Muller pair, NaN when used up. */
  #spare = Number.NaN

  constructor(rng: Generator) {
    this.#rng = rng
  }

  /** Uniform in [0, 1) with 53 bits (two generator steps). */
  uniform(): number {
    return uniformFloat64(this.#rng)
  }

  /** Uniform in [0, 1) with 32 bits: one generator step, for categorical picks and coin flips. */
  fast(): number {
    return (this.#rng.next() >>> 0) / TWO_POW_32
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.fast() * n)
  }

  /** An integer in [from, to], both included. */
  between(from: number, to: number): number {
    return from + Math.floor(this.fast() * (to - from + 1))
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.fast() < p
  }

  /** Standard normal (Marsaglia's polar method; both values of each pair are used). */
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

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform())
  }

  /** Log-normal with the given median and log-scale σ. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** An index drawn from cumulative weights (the last entry is the total). */
  pick(cumulative: Float64Array): number {
    const u = this.fast() * (cumulative[cumulative.length - 1] as number)
    let i = 0
    while (i < cumulative.length - 1 && u >= (cumulative[i] as number)) i++
    return i
  }

  /** The raw generator step, for baselines that measure the cost of the stream itself. */
  next(): number {
    return this.#rng.next()
  }
}

/** Cumulative weights for {@link Draw.pick}. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let total = 0
  for (let i = 0; i < weights.length; i++) out[i] = total += weights[i] as number
  return out
}

/**
 * What a dataset is generated from: a public integer seed (local runs, `bund data generate`), or a
 * run's secret evaluation key (64 hex digits, see runner/evaluation-keys.ts), which gives every
 * stream a full 128-bit state nobody can search from the visible columns.
 */
export type Seed = number | string

/** A draw source for one stream of one dataset, seeded from the seed (or key) and the stream's name. */
export function createDraw(seed: Seed, stream: string): Draw {
  if (typeof seed === 'string') {
    const digest = createHash('sha256').update(`${seed}\0${stream}`).digest()
    const state = [digest.readInt32LE(0), digest.readInt32LE(4), digest.readInt32LE(8), digest.readInt32LE(12)]
    if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1 // the all-zero state is xoroshiro's one fixed point
    return new Draw(xoroshiro128plusFromState(state))
  }
  let h = seed | 0
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193)
  return new Draw(xoroshiro128plus(h))
}
