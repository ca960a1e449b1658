import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: Distinct flat strings without end. */
const scenario = defineScenario({
  id: 'hostile/heap-string',
  version: '1.0.0',
  title: "Hostile: Distinct flat strings without end",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 5000, cpuMs: 5000 },
  run() {
    const hoard: string[] = []
    for (let i = 0; ; i++) hoard.push(`${'x'.repeat(1 << 20)}${i}`)
  },
})
export default scenario
