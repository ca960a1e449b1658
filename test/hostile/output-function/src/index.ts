import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, sabotageIfOnHost } from '../../_shared/hostile.js'

/** Hostile: A function as the output. */
const scenario = defineScenario({
  id: 'hostile/output-function',
  version: '1.0.0',
  title: "Hostile: A function as the output",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run() {
    return (() => sabotageIfOnHost()) as never
  },
})
export default scenario
