import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: JSON.parse of an ever larger text. */
const scenario = defineScenario({
  id: 'hostile/heap-json',
  version: '1.0.0',
  title: "Hostile: JSON.parse of an ever larger text",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 5000, cpuMs: 5000 },
  run() {
    const hoard: unknown[] = []
    const text = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ i, s: 'aa' })))
    for (;;) hoard.push(JSON.parse(text))
  },
})
export default scenario
