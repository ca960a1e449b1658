import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: One typed array larger than the whole heap limit. */
const scenario = defineScenario({
  id: 'hostile/heap-typed-array-huge',
  version: '1.0.0',
  title: "Hostile: One typed array larger than the whole heap limit",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 5000, cpuMs: 5000 },
  run() {
    return new Float64Array(512 * 1024 * 1024) as never
  },
})
export default scenario
