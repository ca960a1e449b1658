import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, attempt, escaped, held, isHostLike, tryProcessVia } from '../../_shared/hostile.js'

// Runs when the bundle is evaluated (also at build time, in a throwaway isolate): must not throw.
const topLevel: unknown[] = [
  tryProcessVia(Function),
  attempt(() => (globalThis as Record<string, unknown>)['process']),
  attempt(() => (globalThis as Record<string, unknown>)['require']),
  tryProcessVia((this as unknown as { constructor?: { constructor?: unknown } } | undefined)?.constructor?.constructor),
]

/** Hostile: Escape attempts at the bundle's top level, before run. */
const scenario = defineScenario({
  id: 'hostile/top-level',
  version: '1.0.0',
  title: "Hostile: Escape attempts at the bundle's top level, before run",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    if (topLevel.some(isHostLike)) return escaped(ctx, 'process at the top level')
    held('top-level code runs in the same isolate, with nothing of the host')
  },
})
export default scenario
