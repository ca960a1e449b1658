import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held, isHostLike } from '../../_shared/hostile.js'

/** Hostile: Proxies handed to the runtime: do the traps ever see a host object?. */
const scenario = defineScenario({
  id: 'hostile/proxy-traps',
  version: '1.0.0',
  title: "Hostile: Proxies handed to the runtime: do the traps ever see a host object?",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const seen: unknown[] = []
    const handler: ProxyHandler<object> = {
      get(target, key, receiver) {
        seen.push(receiver, target)
        return Reflect.get(target, key, receiver)
      },
      getPrototypeOf(target) {
        seen.push(target)
        return Reflect.getPrototypeOf(target)
      },
      ownKeys(target) {
        seen.push(target)
        return Reflect.ownKeys(target)
      },
    }
    const trap = new Proxy({ a: 1, toString: () => 'proxy' }, handler)
    ctx.log.info(trap, [trap], { nested: trap })
    ctx.progress(new Proxy({ valueOf: () => 0.5 }, handler) as unknown as number, trap as unknown as string)
    const found = seen.filter(isHostLike)
    const ctxProxy = new Proxy(ctx, handler) as typeof ctx
    void ctxProxy.data
    if (found.length > 0) return escaped(ctx, 'a trap received a host object')
    held(`Proxy traps ran ${seen.length} times, on isolate objects only`)
  },
})
export default scenario
