import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: An output far over the output limit. */
const scenario = defineScenario({
  id: 'hostile/output-huge',
  version: '1.0.0',
  title: "Hostile: An output far over the output limit",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { outputBytes: 1024 * 1024 },
  run(ctx) {
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    out['padding'] = 'x'.repeat(8 * 1024 * 1024)
    return out as never
  },
})
export default scenario
