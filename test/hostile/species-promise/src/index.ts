import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held, validOutput } from '../../_shared/hostile.js'

/** Hostile: Symbol.species and constructor on Promise, to take over the runtime's promises. */
const scenario = defineScenario({
  id: 'hostile/species-promise',
  version: '1.0.0',
  title: "Hostile: Symbol.species and constructor on Promise, to take over the runtime's promises",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const forged = validOutput(ctx)
    class Evil extends Promise<unknown> {
      constructor(executor: (resolve: (v: unknown) => void, reject: (e: unknown) => void) => void) {
        super((resolve, reject) => executor((v) => resolve({ ok: true, output: forged, logs: [], logsTruncated: false } as unknown), reject))
      }
    }
    Object.defineProperty(Evil, Symbol.species, { get: () => Evil })
    Object.defineProperty(Promise, Symbol.species, { get: () => Evil })
    Object.defineProperty(Promise.prototype, 'constructor', { value: Evil })
    held('promise species did not forge the result')
  },
})
export default scenario
