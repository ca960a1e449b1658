import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: A RangeError with V8's ArrayBuffer-allocation text while the heap is nearly empty. */
const scenario = defineScenario({
  id: 'hostile/forge-arraybuffer-failed',
  version: '1.0.0',
  title: 'Hostile: Forge SANDBOX_MEMORY with a RangeError text',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run() {
    throw new RangeError('Array buffer allocation failed')
  },
})
export default scenario
