import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, consString, validOutput } from '../../_shared/hostile.js'

/** Hostile: An object key of 16M characters (a cons string) in the output. */
const scenario = defineScenario({
  id: 'hostile/output-key-huge',
  version: '1.0.0',
  title: 'Hostile: A 16M-character key in the output',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 64 },
  run(ctx) {
    const s = consString('k', 24)
    const extra: Record<string, number> = {}
    extra[s] = 1
    return { ...validOutput(ctx), extra } as never
  },
})
export default scenario
