import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: Symbol.species on Array and patched Array methods, to bend the runtime. */
const scenario = defineScenario({
  id: 'hostile/species-array',
  version: '1.0.0',
  title: "Hostile: Symbol.species on Array and patched Array methods, to bend the runtime",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    class Evil extends Array {
      override push(...items: unknown[]): number {
        return super.push(...items, { level: 'info', message: 'FORGED' })
      }
    }
    Object.defineProperty(Evil, Symbol.species, { get: () => Evil })
    Object.defineProperty(Array, Symbol.species, { get: () => Evil })
    Object.defineProperty(Array.prototype, 'constructor', { value: Evil })
    const realSlice = Array.prototype.slice
    Array.prototype.slice = function (this: unknown[], ...args: []) {
      return realSlice.apply([...this, 'FORGED'], args)
    }
    Array.prototype.join = () => 'FORGED'
    Array.prototype.filter = () => ['FORGED']
    String.prototype.split = () => ['FORGED'] as never
    ctx.log.info('a line')
    held('array species did not bend the runtime')
  },
})
export default scenario
