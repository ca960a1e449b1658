import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: Map, Date, BigInt and symbol keys in the output. */
const scenario = defineScenario({
  id: 'hostile/output-exotic',
  version: '1.0.0',
  title: "Hostile: Map, Date, BigInt and symbol keys in the output",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = validOutput(ctx) as unknown as Record<string | symbol, unknown>
    out['when'] = new Map([['a', new Date(0)]])
    out[Symbol('hidden')] = 1
    out['big'] = 10n
    return out as never
  },
})
export default scenario
