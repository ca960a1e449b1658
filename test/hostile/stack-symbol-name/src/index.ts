import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

/** Hostile: An error whose name is a Symbol: the engine's own TypeError from stack formatting. */
const scenario = defineScenario({
  id: 'hostile/stack-symbol-name',
  version: '1.0.0',
  title: "Hostile: An error whose name is a Symbol: the engine's own TypeError from stack formatting",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const e = new Error('x')
    e.name = Symbol('boom') as unknown as string
    let caught: unknown
    try {
      void e.stack
      void String(e)
    } catch (err) {
      caught = err
    }
    const found = [tryProcessVia((caught as { constructor?: { constructor?: unknown } } | undefined)?.constructor?.constructor)]
    // And thrown out of run, so the runtime formats it.
    if (found.some(isHostLike)) return escaped(ctx, 'process through an engine error')
    throw e
  },
})
export default scenario
