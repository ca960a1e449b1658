import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, attempt, escaped, held, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

/** Hostile: Error.prepareStackTrace: frames' this and function objects. */
const scenario = defineScenario({
  id: 'hostile/stack-prepare',
  version: '1.0.0',
  title: "Hostile: Error.prepareStackTrace: frames' this and function objects",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const leaked: unknown[] = []
    Error.stackTraceLimit = Infinity
    Error.prepareStackTrace = (_e, frames) => {
      for (const f of frames) {
        const fn = attempt(() => f.getFunction())
        const self = attempt(() => f.getThis())
        const file = attempt(() => f.getFileName())
        if (fn !== undefined && file !== 'scenario.js') leaked.push(fn)
        if (self !== undefined && self !== null && file !== 'scenario.js') leaked.push(self)
        leaked.push(tryProcessVia(fn?.constructor))
      }
      return 'prepared'
    }
    const stack = new Error('probe').stack
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace
    if (leaked.some((x) => x !== undefined && (isHostLike(x) || typeof x === 'function' || typeof x === 'object'))) {
      return escaped(ctx, `a stack frame outside the scenario gave up an object (${String(stack)})`)
    }
    held('frames of the strict runtime give no function or this, and no host frame exists')
  },
})
export default scenario
