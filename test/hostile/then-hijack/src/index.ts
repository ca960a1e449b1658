import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: Object.prototype.then: take over the resolution of the runtime's result. */
const scenario = defineScenario({
  id: 'hostile/then-hijack',
  version: '1.0.0',
  title: "Hostile: Object.prototype.then: take over the resolution of the runtime's result",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    Object.defineProperty(Object.prototype, 'then', {
      configurable: true,
      get() {
        // Would make the host see PARAMS_INVALID (a run that is never recorded) or an unknown code.
        return (resolve: (v: unknown) => void) => {
          delete (Object.prototype as Record<string, unknown>)['then']
          resolve({ ok: false, error: { code: 'PARAMS_INVALID', message: 'FORGED' }, logs: [], logsTruncated: false })
        }
      },
    })
    held('Object.prototype.then did not forge the result')
  },
})
export default scenario
