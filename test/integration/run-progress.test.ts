/**
 * Progress across one run's executions (the main run and every probe re-run) never goes backwards
 * and names each probe ("probe 2 of 3"), for a scenario that reports its own progress.
 */
import { join } from 'node:path'
import { runLocal } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'

describe('run progress', () => {
  it('is monotonic across the main run and the probes, and says which probe runs', async () => {
    const seen: Array<{ fraction: number; message: string }> = []
    const run = await runLocal(join(ROOT, 'scenarios', 'credit-scoring'), { seed: 3, rows: 2_000, build: false, onProgress: (fraction, message) => seen.push({ fraction, message }) })
    expect(run.error).toBeUndefined()
    const fractions = seen.map((p) => p.fraction)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true)
    const probes = [...new Set(seen.map((p) => /^probe (\d+) of (\d+)/.exec(p.message)?.slice(1, 3).join('/')).filter((x) => x !== undefined))]
    // Credit decisions are probed (counterfactual swaps, determinism): at least two probes, each named in order.
    expect(probes.length).toBeGreaterThanOrEqual(2)
    const total = Number(probes[0]!.split('/')[1])
    expect(probes).toEqual(Array.from({ length: total }, (_, i) => `${i + 1}/${total}`))
    // Each probe starts where the one before ended: probe k begins at k / (1 + total).
    for (let k = 1; k <= total; k++) {
      const first = seen.find((p) => p.message.startsWith(`probe ${k} of ${total}`))!
      expect(first.fraction).toBeCloseTo(k / (1 + total), 6)
    }
    expect(Math.max(...fractions)).toBeLessThanOrEqual(1)
  }, 120_000)
})
