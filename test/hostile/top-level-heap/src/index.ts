import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

// Only in a run (the runtime fixed the clock): at build time the bundle must still evaluate.
const hoard: number[][] = []
if (Date.now() === Date.UTC(2026, 0, 1)) for (;;) hoard.push(new Array(100_000).fill(2.5))

/** Hostile: A heap bomb in the bundle's top-level code. */
const scenario = defineScenario({
  id: 'hostile/top-level-heap',
  version: '1.0.0',
  title: "Hostile: A heap bomb in the bundle's top-level code",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 5000, cpuMs: 5000 },
  run(ctx) {
    held('the top-level allocations ended')
  },
})
export default scenario
