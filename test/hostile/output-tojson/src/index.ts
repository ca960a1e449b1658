import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, sabotageIfOnHost, validOutput } from '../../_shared/hostile.js'

/** Hostile: toJSON and class instances in the output: code the host's JSON encoder would run. */
const scenario = defineScenario({
  id: 'hostile/output-tojson',
  version: '1.0.0',
  title: "Hostile: toJSON and class instances in the output: code the host's JSON encoder would run",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    class Decisions {
      constructor(readonly inner: unknown) {}
      toJSON() {
        sabotageIfOnHost()
        return this.inner
      }
    }
    return new Decisions(validOutput(ctx)) as never
  },
})
export default scenario
