import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, attempt, escaped, held } from '../../_shared/hostile.js'

/** Hostile: Searching everything reachable for isolated-vm objects or host functions. */
const scenario = defineScenario({
  id: 'hostile/host-object-hunt',
  version: '1.0.0',
  title: "Hostile: Searching everything reachable for isolated-vm objects or host functions",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const builtins = new Set<unknown>()
    // Intrinsics reachable only through instances (generator and iterator prototypes, and the like).
    const samples = [function* () {}, async function () {}, async function* () {}, [][Symbol.iterator](), new Map().entries(), new Set().values(), ''.matchAll(/x/g), 'x'[Symbol.iterator]()]
    const collect = (x: unknown, into: Set<unknown>, depth: number): void => {
      if (depth > 8 || x === null || (typeof x !== 'object' && typeof x !== 'function') || into.has(x)) return
      into.add(x)
      for (const key of Reflect.ownKeys(x as object)) {
        const d = Object.getOwnPropertyDescriptor(x, key)
        if (d === undefined) continue
        for (const v of [d.value, d.get, d.set]) collect(v, into, depth + 1)
      }
      collect(Object.getPrototypeOf(x), into, depth + 1)
    }
    collect(globalThis, builtins, 0)
    for (const sample of samples) collect(sample, builtins, 0)
    const fromCtx = new Set<unknown>()
    collect(ctx, fromCtx, 0)
    const suspicious: string[] = []
    for (const x of fromCtx) {
      if (builtins.has(x)) continue
      const tag = attempt(() => Object.prototype.toString.call(x)) ?? ''
      const name = attempt(() => (x as { constructor?: { name?: string } }).constructor?.name) ?? ''
      if (/Reference|ExternalCopy|Callback|Isolate|Context|Script|NativeModule/.test(`${tag} ${name}`)) suspicious.push(`${tag} ${name}`)
      if (typeof x === 'function' && /\[native code\]/.test(Function.prototype.toString.call(x))) suspicious.push(`native ${(x as { name: string }).name}`)
    }
    if (suspicious.length > 0) return escaped(ctx, `found ${suspicious.join(', ')}`)
    held(`searched ${fromCtx.size} values reachable from ctx: none of isolated-vm, no host function`)
  },
})
export default scenario
