import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, sabotageIfOnHost, validOutput } from '../../_shared/hostile.js'

/** Hostile: A Proxy as the output. */
const scenario = defineScenario({
  id: 'hostile/output-proxy',
  version: '1.0.0',
  title: "Hostile: A Proxy as the output",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    return new Proxy(validOutput(ctx), {
      get(target, key, receiver) {
        sabotageIfOnHost()
        return Reflect.get(target, key, receiver)
      },
    }) as never
  },
})
export default scenario
