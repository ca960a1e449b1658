import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: A thenable output whose then never settles. */
const scenario = defineScenario({
  id: 'hostile/output-thenable-never',
  version: '1.0.0',
  title: "Hostile: A thenable output whose then never settles",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { wallMs: 1000, cpuMs: 1000 },
  run() {
    return { then() {} } as never
  },
})
export default scenario
