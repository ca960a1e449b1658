import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, attempt, escaped, held, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

/** Hostile: Function through every object and function on ctx. */
const scenario = defineScenario({
  id: 'hostile/ctor-ctx',
  version: '1.0.0',
  title: "Hostile: Function through every object and function on ctx",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const seen = new Set<unknown>()
    const found: unknown[] = []
    const visit = (x: unknown, depth: number): void => {
      if (depth > 6 || x === null || (typeof x !== 'object' && typeof x !== 'function') || seen.has(x)) return
      seen.add(x)
      found.push(tryProcessVia((x as { constructor?: { constructor?: unknown } }).constructor?.constructor))
      for (const key of Reflect.ownKeys(x as object)) {
        const d = Object.getOwnPropertyDescriptor(x, key)
        if (d !== undefined && 'value' in d) visit(d.value, depth + 1)
      }
      visit(Object.getPrototypeOf(x), depth + 1)
    }
    visit(ctx, 0)
    for (const f of [ctx.log.info, ctx.progress, ctx.random.next]) found.push(tryProcessVia(f.constructor), attempt(() => (f as unknown as { caller: unknown }).caller))
    if (found.some(isHostLike)) return escaped(ctx, 'process through ctx')
    held(`walked ${seen.size} objects reachable from ctx: all belong to the isolate`)
  },
})
export default scenario
