import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

// Top-level code throws the structured-clone failure text. (only in a run: at build time the clock is not the run's fixed one).
if (Date.now() === Date.UTC(2026, 0, 1)) throw new Error('#<Object> could not be cloned.')

/** Hostile: An error whose text is a structured-clone failure, to be recorded as OUTPUT_INVALID. */
const scenario = defineScenario({
  id: 'hostile/forge-output-invalid',
  version: '1.0.0',
  title: 'Hostile: Forge OUTPUT_INVALID with an error message',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run() {
    throw new Error('unreachable')
  },
})
export default scenario
