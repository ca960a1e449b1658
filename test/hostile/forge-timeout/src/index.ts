import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

// Top-level code throws isolated-vm's own timeout text, long before any limit. (only in a run: at build time the clock is not the run's fixed one).
if (Date.now() === Date.UTC(2026, 0, 1)) throw new Error('Script execution timed out.')

/** Hostile: An error whose text is isolated-vm's timeout message, to be recorded as SANDBOX_TIMEOUT. */
const scenario = defineScenario({
  id: 'hostile/forge-timeout',
  version: '1.0.0',
  title: 'Hostile: Forge SANDBOX_TIMEOUT with an error message',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run() {
    throw new Error('unreachable')
  },
})
export default scenario
