import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

/** Hostile: Function through a Promise's constructor chain. */
const scenario = defineScenario({
  id: 'hostile/ctor-promise',
  version: '1.0.0',
  title: "Hostile: Function through a Promise's constructor chain",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const p = Promise.resolve(1)
    const F = p.constructor.constructor
    const got = tryProcessVia(F)
    const viaThen = tryProcessVia(p.then.constructor)
    if (isHostLike(got) || isHostLike(viaThen)) return escaped(ctx, 'process through Promise.constructor.constructor')
    held('the Promise constructor chain ends at the isolate’s Function')
  },
})
export default scenario
