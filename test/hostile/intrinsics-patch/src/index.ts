import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: Replacing the built-ins the runtime uses after run (Object, Reflect, JSON, String, Math). */
const scenario = defineScenario({
  id: 'hostile/intrinsics-patch',
  version: '1.0.0',
  title: "Hostile: Replacing the built-ins the runtime uses after run (Object, Reflect, JSON, String, Math)",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const o = Object as unknown as Record<string, unknown>
    o['create'] = () => ({ then: (r: (v: unknown) => void) => r({ ok: true, output: 'FORGED', logs: [], logsTruncated: false }) })
    o['assign'] = () => 'FORGED'
    o['hasOwn'] = () => true
    const r = Reflect as unknown as Record<string, unknown>
    r['ownKeys'] = () => []
    r['getPrototypeOf'] = () => Object.prototype
    JSON.stringify = () => 'FORGED'
    ;(globalThis as Record<string, unknown>)['String'] = () => 'FORGED'
    Math.ceil = () => 0
    Object.defineProperty(Array.prototype, '0', { set() {}, configurable: true })
    // Last: with these, the scenario's own defineProperty calls would fail too.
    Object.defineProperty(Object.prototype, 'get', { get: () => undefined, configurable: true })
    Object.defineProperty(Object.prototype, 'value', { get: () => 'FORGED', configurable: true })
    ctx.log.info({ a: 1 })
    held('patched built-ins did not bend the runtime')
  },
})
export default scenario
