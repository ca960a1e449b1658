import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: A promise that never resolves. */
const scenario = defineScenario({
  id: 'hostile/never-resolves',
  version: '1.0.0',
  title: "Hostile: A promise that never resolves",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { wallMs: 1000, cpuMs: 1000 },
  run() {
    return new Promise(() => {}) as never
  },
})
export default scenario
