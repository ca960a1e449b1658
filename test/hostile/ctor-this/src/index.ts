import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

/** Hostile: this.constructor.constructor('return process')(). */
const scenario = defineScenario({
  id: 'hostile/ctor-this',
  version: '1.0.0',
  title: "Hostile: this.constructor.constructor('return process')()",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(this: unknown, ctx) {
    const viaThis = tryProcessVia((this as { constructor: { constructor: unknown } }).constructor.constructor)
    const viaGlobal = tryProcessVia((globalThis as { constructor: { constructor: unknown } }).constructor.constructor)
    if (isHostLike(viaThis) || isHostLike(viaGlobal)) return escaped(ctx, 'process through this.constructor.constructor')
    held('Function from this/globalThis compiles inside the isolate, where process does not exist')
  },
})
export default scenario
