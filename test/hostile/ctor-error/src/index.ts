import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

/** Hostile: Function through errors: thrown by the engine, by the runtime, and caught. */
const scenario = defineScenario({
  id: 'hostile/ctor-error',
  version: '1.0.0',
  title: "Hostile: Function through errors: thrown by the engine, by the runtime, and caught",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const found: unknown[] = []
    try {
      ;(null as unknown as { x: number }).x
    } catch (e) {
      found.push(tryProcessVia((e as Error).constructor.constructor))
    }
    try {
      (ctx.data as unknown as Record<string, { column(n: string): unknown }>)['missing']!.column('id')
    } catch (e) {
      found.push(tryProcessVia((e as Error).constructor.constructor))
    }
    try {
      ctx.data['applicants']!.column('no-such-column' as 'id')
    } catch (e) {
      found.push(tryProcessVia((e as Error).constructor.constructor), tryProcessVia(Object.getPrototypeOf(e).constructor.constructor))
    }
    const aggregate = new AggregateError([new Error('a')], 'agg', { cause: new TypeError('c') })
    found.push(tryProcessVia((aggregate.cause as Error).constructor.constructor))
    if (found.some(isHostLike)) return escaped(ctx, 'process through an error constructor chain')
    held('every error, caught or not, belongs to the isolate')
  },
})
export default scenario
