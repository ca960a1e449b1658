import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: Plants globals, prototype properties and patched built-ins for the next run to find. */
const scenario = defineScenario({
  id: 'hostile/leak-plant',
  version: '1.0.0',
  title: "Hostile: Plants globals, prototype properties and patched built-ins for the next run to find",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const g = globalThis as Record<string, unknown>
    g['__planted'] = 'secret from the previous run'
    ;(Object.prototype as Record<string, unknown>)['__planted'] = 'secret'
    ;(Array.prototype as unknown as Record<string, unknown>)['__planted'] = 'secret'
    Math.random = () => 0.4242
    JSON.parse = () => 'planted'
    held('planted state for the next run')
  },
})
export default scenario
