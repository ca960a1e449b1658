import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held } from '../../_shared/hostile.js'

/** Hostile: Dynamic import() of node:fs and node:child_process. */
const scenario = defineScenario({
  id: 'hostile/dynamic-import',
  version: '1.0.0',
  title: "Hostile: Dynamic import() of node:fs and node:child_process",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  async run(ctx) {
    const load = Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>
    const results: unknown[] = []
    for (const s of ['node:fs', 'node:child_process', 'fs', 'data:text/javascript,export default globalThis.process']) {
      try {
        results.push(await load(s))
      } catch (e) {
        results.push(String(e))
      }
    }
    if (results.some((r) => typeof r === 'object' && r !== null)) return escaped(ctx, 'a module loaded through import()')
    held(`import() is refused: ${String(results[0])}`)
  },
})
export default scenario
