import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: ArrayBuffer allocations that catch the failure and try again forever. */
const scenario = defineScenario({
  id: 'hostile/heap-arraybuffer-retry',
  version: '1.0.0',
  title: "Hostile: ArrayBuffer allocations that catch the failure and try again forever",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 1000, cpuMs: 1000 },
  run() {
    const hoard: ArrayBuffer[] = []
    for (;;) {
      try {
        hoard.push(new ArrayBuffer(4 * 1024 * 1024))
      } catch {
        hoard.length = Math.max(0, hoard.length - 1)
      }
    }
  },
})
export default scenario
