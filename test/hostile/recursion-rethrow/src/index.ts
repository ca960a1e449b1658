import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: Recursion that recurses again in every catch (exponential time at the stack limit). */
const scenario = defineScenario({
  id: 'hostile/recursion-rethrow',
  version: '1.0.0',
  title: "Hostile: Recursion that recurses again in every catch (exponential time at the stack limit)",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { wallMs: 1000, cpuMs: 1000 },
  run() {
    const f = (): void => {
      try {
        f()
      } catch {
        f()
      }
    }
    f()
    return held('the recursion ended')
  },
})
export default scenario
