import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: Three aggregates sharing one 100,000-cell array, so the host validates and encodes it three times. */
const scenario = defineScenario({
  id: 'hostile/output-shared-array',
  version: '1.0.0',
  title: 'Hostile: Three aggregates sharing one 100,000-cell array',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const cells = Array.from({ length: 100_000 }, (_, i) => ({ group: [String(i)], count: 1, values: { v: i } }))
    const aggregates = ['a', 'b', 'c'].map((name) => ({ name, groupBy: ['g'], cells }))
    return { ...validOutput(ctx), aggregates } as never
  },
})
export default scenario
