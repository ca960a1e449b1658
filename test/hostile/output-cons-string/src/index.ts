import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, consString, validOutput } from '../../_shared/hostile.js'

/** Hostile: A 134M-character string (a cheap cons string in the isolate) in a free-text field of the output. */
const scenario = defineScenario({
  id: 'hostile/output-cons-string',
  version: '1.0.0',
  title: 'Hostile: A 134M-character cons string in the output',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32 },
  run(ctx) {
    const s = consString('x', 27)
    const out = validOutput(ctx)
    return { ...out, modelCard: { intendedUse: 'demo', limitations: s } } as never
  },
})
export default scenario
