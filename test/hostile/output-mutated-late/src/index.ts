import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, sabotageIfOnHost, validOutput } from '../../_shared/hostile.js'

/** Hostile: An output swapped for a Proxy by microtasks after the runtime checked it. */
const scenario = defineScenario({
  id: 'hostile/output-mutated-late',
  version: '1.0.0',
  title: "Hostile: An output swapped for a Proxy by microtasks after the runtime checked it",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    let ticks = 0
    const swap = (): void => {
      out['columns'] = new Proxy({}, { get: () => sabotageIfOnHost() })
      if (++ticks < 100) void Promise.resolve().then(swap)
    }
    void Promise.resolve().then(swap)
    return out as never
  },
})
export default scenario
