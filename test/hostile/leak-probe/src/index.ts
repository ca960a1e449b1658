import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held } from '../../_shared/hostile.js'

/** Hostile: Looks for anything the previous run planted. */
const scenario = defineScenario({
  id: 'hostile/leak-probe',
  version: '1.0.0',
  title: "Hostile: Looks for anything the previous run planted",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const g = globalThis as Record<string, unknown>
    const found = [
      g['__planted'],
      ({} as Record<string, unknown>)['__planted'],
      ([] as unknown as Record<string, unknown>)['__planted'],
      Math.random() === 0.4242 ? 'random' : undefined,
      JSON.parse('1') === 'planted' ? 'json' : undefined,
    ].filter((x) => x !== undefined)
    if (found.length > 0) return escaped(ctx, `state of a previous run: ${found.join(', ')}`)
    held('nothing of the previous run is visible')
  },
})
export default scenario
