import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, attempt, escaped, held, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

/** Hostile: Climbing globalThis.__proto__ and Object.prototype.__proto__. */
const scenario = defineScenario({
  id: 'hostile/global-proto',
  version: '1.0.0',
  title: "Hostile: Climbing globalThis.__proto__ and Object.prototype.__proto__",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const g = globalThis as unknown as { __proto__: { constructor: { constructor: unknown } } }
    const viaProto = tryProcessVia(g.__proto__.constructor.constructor)
    const outer = attempt(() => (g.__proto__.constructor.constructor as (c: string) => () => unknown)('return this')())
    const viaOuter = tryProcessVia((outer as { constructor?: { constructor?: unknown } } | undefined)?.constructor?.constructor)
    const top = Object.getPrototypeOf(Object.prototype)
    if (isHostLike(viaProto) || isHostLike(viaOuter) || top !== null) return escaped(ctx, 'a host realm above the isolate’s prototypes')
    held('the prototype chain ends at the isolate’s Object.prototype')
  },
})
export default scenario
