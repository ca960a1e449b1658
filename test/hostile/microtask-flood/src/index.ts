import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: Microtasks that schedule themselves forever. */
const scenario = defineScenario({
  id: 'hostile/microtask-flood',
  version: '1.0.0',
  title: "Hostile: Microtasks that schedule themselves forever",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { wallMs: 1000, cpuMs: 1000 },
  run() {
    const again = (): void => {
      void Promise.resolve().then(again)
    }
    again()
    return new Promise(() => {}) as never
  },
})
export default scenario
