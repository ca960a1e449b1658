import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: A small object graph whose JSON form doubles at every level (2^60 leaves). */
const scenario = defineScenario({
  id: 'hostile/output-dag-bomb',
  version: '1.0.0',
  title: "Hostile: A small object graph whose JSON form doubles at every level (2^60 leaves)",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    let x: unknown = [1]
    for (let i = 0; i < 60; i++) x = [x, x]
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    out['bomb'] = x
    return out as never
  },
})
export default scenario
