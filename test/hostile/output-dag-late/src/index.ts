import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: A DAG bomb swapped into the output by microtasks after the runtime checked it. */
const scenario = defineScenario({
  id: 'hostile/output-dag-late',
  version: '1.0.0',
  title: "Hostile: A DAG bomb swapped into the output by microtasks after the runtime checked it",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    let bomb: unknown = [1]
    for (let i = 0; i < 60; i++) bomb = [bomb, bomb]
    let ticks = 0
    const swap = (): void => {
      out['bomb'] = bomb
      if (++ticks < 100) void Promise.resolve().then(swap)
    }
    void Promise.resolve().then(swap)
    return out as never
  },
})
export default scenario
