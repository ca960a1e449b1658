/**
 * The seeded random source scenarios get as `ctx.random` (and, inside the sandbox, as `Math.random`).
 * Backed by pure-rand's xoroshiro128+, so the same seed gives the same stream on every machine.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

/** A seeded random source. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [from, to], both included. */
  int(from: number, to: number): number
  /** A normally distributed value (Box–Muller). */
  normal(mean?: number, sd?: number): number
}

/** A random source seeded with `seed` (any 32-bit integer). */
export function createRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed | 0)
  return {
    next: () => uniformFloat64(rng),
    int: (from, to) => uniformInt(rng, from, to),
    normal(mean = 0, sd = 1) {
      const u = 1 - uniformFloat64(rng)
      const v = uniformFloat64(rng)
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
  }
}
