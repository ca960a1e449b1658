import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, sabotageIfOnHost, validOutput } from '../../_shared/hostile.js'

/** Hostile: An own toJSON function in an otherwise plain output. */
const scenario = defineScenario({
  id: 'hostile/output-own-tojson',
  version: '1.0.0',
  title: "Hostile: An own toJSON function in an otherwise plain output",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    out['toJSON'] = () => {
      sabotageIfOnHost()
      return {}
    }
    return out as never
  },
})
export default scenario
