import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: Patched join, map and String to slip huge log lines past the cap. */
const scenario = defineScenario({
  id: 'hostile/log-bypass',
  version: '1.0.0',
  title: "Hostile: Patched join, map and String to slip huge log lines past the cap",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const big = 'w'.repeat(1024 * 1024)
    const fake = { length: 0, toString: () => big }
    Array.prototype.join = () => fake as unknown as string
    Array.prototype.map = function () {
      return [fake]
    } as never
    ;(globalThis as Record<string, unknown>)['JSON'] = { stringify: () => fake }
    for (let i = 0; i < 200; i++) ctx.log.info({ i })
    held('logged through patched built-ins')
  },
})
export default scenario
