import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

// Top-level code throws isolated-vm's own memory-limit text with almost nothing allocated. (only in a run: at build time the clock is not the run's fixed one).
if (Date.now() === Date.UTC(2026, 0, 1)) throw new Error('Isolate was disposed during execution due to memory limit')

/** Hostile: An error whose text is isolated-vm's memory-limit message, to be recorded as SANDBOX_MEMORY. */
const scenario = defineScenario({
  id: 'hostile/forge-memory',
  version: '1.0.0',
  title: 'Hostile: Forge SANDBOX_MEMORY with an error message',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run() {
    throw new Error('unreachable')
  },
})
export default scenario
