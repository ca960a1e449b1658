import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

// Only in a run (the runtime fixed the clock): at build time the bundle must still evaluate.
if (Date.now() === Date.UTC(2026, 0, 1)) for (;;) {
  // spin
}

/** Hostile: An endless loop in the bundle's top-level code (runs before run, in the synchronous setup). */
const scenario = defineScenario({
  id: 'hostile/top-level-loop',
  version: '1.0.0',
  title: "Hostile: An endless loop in the bundle's top-level code (runs before run, in the synchronous setup)",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { wallMs: 1000, cpuMs: 1000 },
  run(ctx) {
    held('the top-level loop ended')
  },
})
export default scenario
