import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: Throwing a Proxy whose every trap throws. */
const scenario = defineScenario({
  id: 'hostile/throw-proxy',
  version: '1.0.0',
  title: "Hostile: Throwing a Proxy whose every trap throws",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run() {
    const trap = () => {
      throw trap
    }
    throw new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap, getOwnPropertyDescriptor: trap })
  },
})
export default scenario
