import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: An error with a 20 MB message and a 20 MB stack. */
const scenario = defineScenario({
  id: 'hostile/throw-huge',
  version: '1.0.0',
  title: "Hostile: An error with a 20 MB message and a 20 MB stack",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run() {
    const e = new Error('y'.repeat(20 * 1024 * 1024))
    Object.defineProperty(e, 'stack', { value: 'z'.repeat(20 * 1024 * 1024) })
    throw e
  },
})
export default scenario
