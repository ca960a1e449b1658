/**
 * Fast seeded draws for the generators, on pure-rand's xoroshiro128+ (the same stream on every
 * machine and Node version: it is plain 32-bit integer arithmetic).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

export interface Draw {
  /** Uniform in [0, 1). */
  uniform(): number
  /** Standard normal (Box–Muller, one value per call). */
  normal(): number
  /** Exponential with the given mean. */
  exponential(mean: number): number
}

/** A draw source for one dataset, seeded from the run's seed and the dataset kind. */
export function createDraw(seed: number, stream: string): Draw {
  let h = seed | 0
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193)
  const rng = xoroshiro128plus(h)
  const uniform = () => uniformFloat64(rng)
  return {
    uniform,
    normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()),
    exponential: (mean) => -mean * Math.log(1 - uniform()),
  }
}
