import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: Arrays without end. */
const scenario = defineScenario({
  id: 'hostile/heap-array',
  version: '1.0.0',
  title: "Hostile: Arrays without end",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 5000, cpuMs: 5000 },
  run() {
    const hoard: number[][] = []
    for (;;) hoard.push(new Array(100_000).fill(1.5))
  },
})
export default scenario
