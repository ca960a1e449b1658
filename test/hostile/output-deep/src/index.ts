import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: An output nested 100,000 levels deep. */
const scenario = defineScenario({
  id: 'hostile/output-deep',
  version: '1.0.0',
  title: "Hostile: An output nested 100,000 levels deep",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    let x: unknown = 1
    for (let i = 0; i < 100_000; i++) x = [x]
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    out['deep'] = x
    return out as never
  },
})
export default scenario
