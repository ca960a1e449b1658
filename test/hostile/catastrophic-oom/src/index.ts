import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: A huge array filled from its end, which makes V8 lose control of the isolate (a catastrophic error). */
const scenario = defineScenario({
  id: 'hostile/catastrophic-oom',
  version: '1.0.0',
  title: 'Hostile: isolated-vm catastrophic out-of-memory error',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 20_000, cpuMs: 20_000 },
  run() {
    const a = new Array(1e8)
    for (let i = a.length - 1; i >= 0; i--) a[i] = i
    return a as never
  },
})
export default scenario
