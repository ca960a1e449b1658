import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, consString, validOutput } from '../../_shared/hostile.js'

/** Hostile: A 134M-character cons string swapped into the output by microtasks after `run` returned. */
const scenario = defineScenario({
  id: 'hostile/output-cons-string-late',
  version: '1.0.0',
  title: 'Hostile: A cons string swapped into the output after run returned',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32 },
  run(ctx) {
    const s = consString('x', 27)
    const card = { intendedUse: 'demo', limitations: 'short' }
    let ticks = 0
    const swap = (): void => {
      card.limitations = s
      if (++ticks < 100) void Promise.resolve().then(swap)
    }
    void Promise.resolve().then(swap)
    return { ...validOutput(ctx), modelCard: card } as never
  },
})
export default scenario
