import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: Progress reports flooding the host (1 and 0 alternating, NaN, huge messages). */
const scenario = defineScenario({
  id: 'hostile/progress-flood',
  version: '1.0.0',
  title: "Hostile: Progress reports flooding the host (1 and 0 alternating, NaN, huge messages)",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const Mathx = Math as unknown as Record<string, unknown>
    Mathx['min'] = () => Number.NaN
    Mathx['max'] = () => Number.NaN
    ;(globalThis as Record<string, unknown>)['Number'] = () => Number.NaN
    for (let i = 0; i < 100_000; i++) {
      ctx.progress(i % 2, 'p'.repeat(10_000))
      ctx.progress(Number.NaN)
      ctx.progress(1)
    }
    held('reported progress in a flood')
  },
})
export default scenario
