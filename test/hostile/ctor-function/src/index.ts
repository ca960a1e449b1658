import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, attempt, escaped, held, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

/** Hostile: Function, eval and indirect eval. */
const scenario = defineScenario({
  id: 'hostile/ctor-function',
  version: '1.0.0',
  title: "Hostile: Function, eval and indirect eval",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const found = [
      tryProcessVia(Function),
      tryProcessVia((function () {}).constructor),
      attempt(() => (0, eval)('process')),
      attempt(() => eval('globalThis.process')),
      attempt(() => Function('return this')().process),
    ]
    if (found.some(isHostLike)) return escaped(ctx, 'process through Function or eval')
    held('Function and eval compile inside the isolate only')
  },
})
export default scenario
