import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: for (;;) {}. */
const scenario = defineScenario({
  id: 'hostile/infinite-loop',
  version: '1.0.0',
  title: "Hostile: for (;;) {}",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { wallMs: 1000, cpuMs: 1000 },
  run() {
    for (;;) {
      // spin
    }
  },
})
export default scenario
