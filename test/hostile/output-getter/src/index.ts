import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, sabotageIfOnHost, validOutput } from '../../_shared/hostile.js'

/** Hostile: A getter in the output: must be refused, never run on the host. */
const scenario = defineScenario({
  id: 'hostile/output-getter',
  version: '1.0.0',
  title: "Hostile: A getter in the output: must be refused, never run on the host",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    const rows = out['rows']
    Object.defineProperty(out, 'rows', {
      enumerable: true,
      get() {
        sabotageIfOnHost()
        return rows
      },
    })
    return out as never
  },
})
export default scenario
