import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: ArrayBuffers without end (memory outside the JS heap). */
const scenario = defineScenario({
  id: 'hostile/heap-arraybuffer',
  version: '1.0.0',
  title: "Hostile: ArrayBuffers without end (memory outside the JS heap)",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 5000, cpuMs: 5000 },
  run() {
    const hoard: ArrayBuffer[] = []
    for (;;) hoard.push(new ArrayBuffer(4 * 1024 * 1024))
  },
})
export default scenario
