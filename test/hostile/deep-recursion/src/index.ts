import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: Unbounded recursion. */
const scenario = defineScenario({
  id: 'hostile/deep-recursion',
  version: '1.0.0',
  title: "Hostile: Unbounded recursion",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run() {
    const down = (n: number): number => down(n + 1) + 1
    return down(0) as never
  },
})
export default scenario
