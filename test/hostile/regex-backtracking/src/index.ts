import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS } from '../../_shared/hostile.js'

/** Hostile: Catastrophic regular-expression backtracking. */
const scenario = defineScenario({
  id: 'hostile/regex-backtracking',
  version: '1.0.0',
  title: "Hostile: Catastrophic regular-expression backtracking",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { wallMs: 1000, cpuMs: 1000 },
  run() {
    const evil = /^(a+)+$/
    return evil.test(`${'a'.repeat(64)}!`) as never
  },
})
export default scenario
