import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: An output that contains itself. */
const scenario = defineScenario({
  id: 'hostile/output-circular',
  version: '1.0.0',
  title: "Hostile: An output that contains itself",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    out['self'] = out
    return out as never
  },
})
export default scenario
